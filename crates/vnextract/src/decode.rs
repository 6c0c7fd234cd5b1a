//! Bytes to text.
//!
//! SKELETON: to be replaced by the decode implementation.

/// A text encoding.
///
/// ```
/// assert_eq!(vnextract::Encoding::default(), vnextract::Encoding::Auto);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Encoding {
    /// Detect.
    #[default]
    Auto,
    /// UTF-8.
    Utf8,
}

/// Options for [`decode`].
///
/// ```
/// let o = vnextract::DecodeOptions::default();
/// assert!(!o.lossy);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DecodeOptions {
    /// The encoding, or `Auto`.
    pub encoding: Encoding,
    /// Replace undecodable bytes instead of failing.
    pub lossy: bool,
}

/// Decoded text.
///
/// ```
/// let d = vnextract::decode(b"abc", &Default::default()).unwrap();
/// assert_eq!(d.text, "abc");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// The encoding it was read as.
    pub encoding: Encoding,
}

/// Why bytes could not be decoded.
///
/// ```
/// let e = vnextract::decode(b"\xff", &Default::default()).unwrap_err();
/// assert!(e.to_string().contains("byte"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// Invalid bytes.
    #[error("invalid byte at offset {offset}")]
    Invalid {
        /// Byte offset.
        offset: usize,
    },
}

/// Decodes bytes.
///
/// ```
/// assert!(vnextract::decode("Hà".as_bytes(), &Default::default()).is_ok());
/// ```
pub fn decode(bytes: &[u8], _options: &DecodeOptions) -> Result<Decoded, DecodeError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Decoded {
            text: s.to_owned(),
            encoding: Encoding::Utf8,
        }),
        Err(e) => Err(DecodeError::Invalid {
            offset: e.valid_up_to(),
        }),
    }
}
