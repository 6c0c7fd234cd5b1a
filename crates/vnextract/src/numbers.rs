//! Numbers in digits and in words, as exact decimals.
//!
//! SKELETON: to be replaced by the numbers implementation.
