//! The embedded administrative units.
//!
//! SKELETON: to be replaced by the gazetteer implementation.
