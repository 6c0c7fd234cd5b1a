//! The offset map of one normalization pass: the sorted list of edited
//! regions. Between two edits the source and target texts are byte-identical,
//! so mapping a position is a binary search plus an offset.

use std::ops::Range;

/// One edited region: `source[source]` became `target[target]`.
///
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Edit {
    /// Byte range in the text before the pass.
    pub(crate) source: Range<usize>,
    /// Byte range in the text after the pass (empty for a deletion).
    pub(crate) target: Range<usize>,
}

/// Edits of one pass, sorted. Touching edits stay apart (a deleted space
/// before a replaced letter), so spans widen no more than needed; positions
/// never decrease from one edit to the next.
#[derive(Clone, Debug, Default)]
pub(crate) struct OffsetMap {
    pub(crate) edits: Vec<Edit>,
    pub(crate) source_len: usize,
    pub(crate) target_len: usize,
}

impl OffsetMap {
    /// Records that `source` became `target` (after every edit so far).
    pub(crate) fn push(&mut self, source: Range<usize>, target: Range<usize>) {
        if let Some(last) = self.edits.last() {
            debug_assert!(last.source.end <= source.start && last.target.end <= target.start);
        }
        self.edits.push(Edit { source, target });
    }

    /// Maps a target position used as the start of a span: inside an edit it
    /// widens to the edit's source start; text deleted right at `pos` is left
    /// out.
    pub(crate) fn map_start(&self, pos: usize) -> usize {
        let k = self.edits.partition_point(|e| e.target.start <= pos);
        match k.checked_sub(1).map(|k| &self.edits[k]) {
            None => pos,
            Some(e) if pos < e.target.end => e.source.start,
            Some(e) => e.source.end + (pos - e.target.end),
        }
    }

    /// Maps a target position used as the end of a span: inside an edit it
    /// widens to the edit's source end; text deleted right at `pos` is left
    /// out.
    pub(crate) fn map_end(&self, pos: usize) -> usize {
        let k = self.edits.partition_point(|e| e.target.start < pos);
        match k.checked_sub(1).map(|k| &self.edits[k]) {
            None => pos,
            Some(e) if pos <= e.target.end => e.source.end,
            Some(e) => e.source.end + (pos - e.target.end),
        }
    }
}

impl OffsetMap {
    /// Maps a span: the whole text maps to the whole source (removed text at
    /// either end included); an empty span maps to an empty span.
    pub(crate) fn map_range(&self, span: Range<usize>) -> Range<usize> {
        if span.start == 0 && span.end >= self.target_len {
            return 0..self.source_len;
        }
        let start = self.map_start(span.start);
        if span.is_empty() {
            return start..start;
        }
        start..self.map_end(span.end).max(start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "aXXb" → "aYb" (XX at 1..3 became Y at 1..2), then a deletion of 5..6.
    fn sample() -> OffsetMap {
        let mut m = OffsetMap {
            source_len: 8,
            target_len: 6,
            ..Default::default()
        };
        m.push(1..3, 1..2);
        m.push(5..6, 4..4);
        m
    }

    #[test]
    fn maps_around_edits() {
        let m = sample();
        assert_eq!(m.map_start(0), 0);
        assert_eq!(m.map_range(0..6), 0..8);
        assert_eq!(m.map_start(1), 1);
        assert_eq!(m.map_start(2), 3);
        assert_eq!(m.map_end(2), 3);
        assert_eq!(m.map_end(1), 1);
        // Deletion at target 4: a start skips it, an end stops before it.
        assert_eq!(m.map_start(4), 6);
        assert_eq!(m.map_end(4), 5);
        assert_eq!(m.map_end(6), 8);
    }

    #[test]
    fn touching_edits_stay_apart() {
        // "  Ðx" → "Đx": a deletion of 0..2, then Ð (2..4) became Đ (0..2).
        let mut m = OffsetMap {
            source_len: 5,
            target_len: 3,
            ..Default::default()
        };
        m.push(0..2, 0..0);
        m.push(2..4, 0..2);
        assert_eq!((m.map_start(0), m.map_end(2)), (2, 4));
        assert_eq!(m.map_range(0..3), 0..5);
        assert_eq!((m.map_start(1), m.map_end(1)), (2, 4));
        assert_eq!((m.map_start(2), m.map_end(3)), (4, 5));
    }

    #[test]
    fn monotone() {
        let m = sample();
        for p in 0..6 {
            assert!(m.map_start(p) <= m.map_start(p + 1));
            assert!(m.map_end(p) <= m.map_end(p + 1));
            assert!(m.map_start(p) <= m.map_end(p + 1));
        }
    }
}
