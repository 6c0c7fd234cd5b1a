//! The title grammar and the linking of titles to holders.

use std::borrow::Cow;
use std::hash::BuildHasher;
use std::ops::Range;
use std::sync::LazyLock;

use super::lexicon::{fact, phrase_key, push_phrase_key, LEXICON};
use super::text::{is_all_caps, is_capitalized, prev_chunk, prev_tok, Kind, Tok};
use super::{NameHit, Scanner, Strength, TitleHit};
use crate::document::Title;
use crate::lexicon::looks_vietnamese;
use crate::lexicon::{joined, FastMap, FastSet};

/// Words that make a title generic when written before it or before its place.
const PLURALS: [&str; 3] = ["các", "những", "mỗi"];

/// Name hits sorted by start, looked up by span or by end as a map built
/// from them in order would answer (the last hit of a span or end wins).
struct SortedHits<'h> {
    hits: &'h [NameHit],
    /// The longest hit in bytes: a hit ending at `end` starts at most this far before it.
    longest: usize,
}

impl<'h> SortedHits<'h> {
    fn new(hits: &'h [NameHit]) -> Self {
        let longest = hits.iter().map(|h| h.span.len()).max().unwrap_or(0);
        SortedHits { hits, longest }
    }

    /// The last hit with exactly `span`.
    fn with_span(&self, span: &Range<usize>) -> Option<usize> {
        let after = self.hits.partition_point(|h| h.span.start <= span.start);
        (0..after)
            .rev()
            .take_while(|&i| self.hits[i].span.start == span.start)
            .find(|&i| self.hits[i].span == *span)
    }

    /// The last hit ending at `end`.
    fn ending_at(&self, end: usize) -> Option<usize> {
        let after = self.hits.partition_point(|h| h.span.start <= end);
        let earliest = end.saturating_sub(self.longest);
        (0..after)
            .rev()
            .take_while(|&i| self.hits[i].span.start >= earliest)
            .find(|&i| self.hits[i].span.end == end)
    }
}

/// Whether `word` is `literal`, ignoring case and tone-mark placement.
fn is_word(word: &str, literal: &str) -> bool {
    // Keys differ from the text by a few bytes at most: most words fail on length.
    if word.len().abs_diff(literal.len()) > 3 {
        return false;
    }
    if word == literal {
        return true;
    }
    // An ASCII first letter is compared without the Unicode case tables:
    // most words differ there.
    if let (Some(&w), Some(&l)) = (word.as_bytes().first(), literal.as_bytes().first()) {
        if w.is_ascii() && w.to_ascii_lowercase() != l {
            return false;
        }
    }
    // The literals here have no tone-placement variants: lower case is enough.
    word.chars().flat_map(char::to_lowercase).eq(literal.chars())
}

fn is_plural(word: &str) -> bool {
    PLURALS.iter().any(|p| is_word(word, p))
}

/// A title's organization while it is read: its pieces (bodies) joined by
/// spaces, borrowed from the lexicon while it is one piece from there.
#[derive(Default)]
struct Organization {
    text: Option<Cow<'static, str>>,
    pieces: usize,
    /// The level the first party committee among the pieces names
    /// (`Thành ủy` → `thành phố`).
    level: Option<&'static str>,
}

impl Organization {
    fn push(&mut self, piece: Cow<'static, str>) {
        const LEVELS: [(&str, &str); 5] = [
            ("Tỉnh ủy", "tỉnh"),
            ("Thành ủy", "thành phố"),
            ("Huyện ủy", "huyện"),
            ("Quận ủy", "quận"),
            ("Thị ủy", "thị xã"),
        ];
        if self.level.is_none() {
            self.level = LEVELS
                .iter()
                .find(|(body, _)| is_word(&piece, body))
                .map(|(_, t)| *t);
        }
        self.pieces += 1;
        match &mut self.text {
            None => self.text = Some(piece),
            Some(text) => {
                let text = text.to_mut();
                text.push(' ');
                text.push_str(&piece);
            }
        }
    }
}

impl Scanner<'_> {
    /// A title starting at the capitalized word `pos`; records it (and its
    /// holder when written right after) and returns where scanning resumes.
    pub(super) fn title_at(&mut self, pos: usize) -> Option<usize> {
        let text = self.text;
        let mut start = pos;
        let mut role_start = None;
        let mut cur = pos;
        while let Some((m, end)) = self.match_phrase(&LEXICON.modifiers, cur, false) {
            if m.post {
                break;
            }
            if m.in_role && role_start.is_none() {
                role_start = Some(cur + (text[cur..].len() - text[cur..].trim_start().len()));
            }
            cur = end;
        }
        let (role, mut end) = self.match_phrase(&LEXICON.roles, cur, false)?;
        // `Ban Giám đốc`, `Ban Bí thư`: part of a body's name.
        if self.phrase_before(&LEXICON.role_blockers, pos).is_some() {
            return None;
        }
        let role_start = role_start.unwrap_or_else(|| self.tok(cur).map_or(cur, |t| t.start));
        // `Bộ trưởng Bộ trưởng Bộ TT&TT`: a doubled role is one title.
        let role_written_start = self.tok(cur)?.start;
        let mut role_end = end;
        if let Some((_, again)) = self.match_phrase(&LEXICON.roles, end, false) {
            let again_start = self.tok(end)?.start;
            self.buf.key.clear();
            push_phrase_key(&mut self.buf.key, &text[role_written_start..end]);
            if self.with_key(&text[again_start..again], |key| key == self.buf.key) {
                end = again;
            }
        }
        while let Some((m, e)) = self.match_phrase(&LEXICON.modifiers, end, false) {
            if !m.post {
                break;
            }
            end = e;
            role_end = e;
        }
        // `nguyên Chủ tịch`, `các Thứ trưởng` written before.
        let mut generic = false;
        // `Nguyên Bí thư` (capitalized) was read as a text-only modifier above.
        let mut former = role_start > pos;
        if let Some((s, e)) = prev_chunk(text, pos) {
            let word = &text[s..e];
            if is_word(word, "nguyên") || is_word(word, "cựu") {
                start = s;
                former = true;
            }
            generic = is_plural(word);
        }
        let mut hit = TitleHit {
            role: role_start..role_end,
            role_info: Some(role),
            national: role.national,
            generic,
            former,
            ..TitleHit::default()
        };
        let mut organization = Organization::default();
        if let Some(head) = role.head {
            let e = self.body_name_words(end, true);
            if !self.buf.words.is_empty() {
                organization.push(Cow::Owned(joined(head, &self.buf.words)));
                end = e;
            }
        }
        for _ in 0..3 {
            let Some((body, body_end)) = self.match_phrase(&LEXICON.bodies, end, false) else {
                break;
            };
            let written_start = self.tok(end)?.start;
            let written = &text[written_start..body_end];
            let mut e = body_end;
            let mut named = false;
            if body.named {
                let we = self.body_name_words(body_end, false);
                if self.buf.words.is_empty() && body.expanded.is_none() {
                    break;
                }
                if !self.buf.words.is_empty() {
                    named = true;
                    e = we;
                }
            }
            let base = body.expanded.unwrap_or(written);
            let piece = match body.expanded {
                _ if named => Cow::Owned(joined(base, &self.buf.words)),
                Some(expanded) => Cow::Borrowed(expanded),
                None => Cow::Owned(written.to_owned()),
            };
            hit.national |= body.national;
            organization.push(piece);
            end = e;
        }
        if organization.pieces == 0 {
            if let Some(org) = role.org {
                organization.push(Cow::Borrowed(org));
            }
        }
        // `UBND các xã, phường`: generic, the places are part of the text.
        if let Some(tok) = self.tok(end).filter(|t| t.is_word() && is_plural(self.word(*t))) {
            if self
                .match_phrase(&LEXICON.jurisdiction_types, tok.end, false)
                .is_some()
            {
                hit.generic = true;
                end = self.plural_places_end(tok.end);
            } else {
                // `Thủ trưởng các sở, ngành`, `thủ trưởng các cơ quan hành chính`.
                if let Some(e) = self.plural_bodies_end(tok.end) {
                    hit.generic = true;
                    end = e;
                }
            }
        }
        let mut holder = None;
        if !hit.generic {
            let (jurisdiction, bare, e, person) = self.jurisdiction_at(end);
            hit.jurisdiction = jurisdiction;
            hit.bare_type = bare;
            end = e;
            holder = person;
        }
        if hit.bare_type.is_none() && hit.jurisdiction.is_none() {
            hit.bare_type = organization.level;
        }
        if role.needs_body && organization.pieces == 0 && hit.jurisdiction.is_none() {
            return None;
        }
        // A lower-case role is a title only with its body written (`giám đốc
        // Công an thành phố`) or as a generic plural (`thủ trưởng các sở`).
        let lower = text[pos..].starts_with(|c: char| c.is_lowercase());
        if lower
            && !hit.generic
            && (organization.pieces == 0 || role.org.is_some() && organization.pieces == 1)
        {
            return None;
        }
        hit.organization = organization.text;
        hit.span = start..end;
        let mut resume = end;
        let mut appointed = None;
        if holder.is_none() && !hit.generic {
            holder = self.holder_after(start, end, &mut appointed);
        }
        if let Some((span, honorific, separated)) = holder {
            // After `đối với`, the honorific, rank and name are read again:
            // a rank there is a title of its own (`Trung tướng Phạm Thế Tùng`).
            let span_end = span.end;
            resume = appointed.unwrap_or(span_end);
            // `Đại tá Phạm Viết Dũng`: a rank written before the name is also its honorific.
            let honorific = honorific.or_else(|| self.phrase_before(&LEXICON.honorifics, span.start));
            self.buf.hits.push(NameHit {
                span,
                honorific,
                strength: Strength::Strong,
            });
            let idx = self.buf.hits.len() - 1;
            if separated {
                hit.after_separator = Some(idx);
            } else {
                hit.direct = Some(idx);
                // `... Công an huyện đối với Thượng tá A và Thượng tá B`: one item per holder.
                let mut cur = span_end;
                // After an appointment's link, a social honorific and a rank.
                let honorifics = if appointed.is_some() { 2 } else { 1 };
                while let Some((span, honorific)) = self.next_coholder(cur, honorifics) {
                    cur = span.end;
                    self.buf.hits.push(NameHit {
                        span,
                        honorific,
                        strength: Strength::Strong,
                    });
                    hit.coholders.push(self.buf.hits.len() - 1);
                }
            }
        }
        self.buf.titles.push(hit);
        Some(resume)
    }

    /// Another holder of the same title after `pos`: `và` or `,`, up to
    /// `honorifics` honorifics or ranks, a name that no title of its own follows.
    fn next_coholder(
        &mut self,
        pos: usize,
        honorifics: usize,
    ) -> Option<(Range<usize>, Option<Range<usize>>)> {
        let text = self.text;
        let sep = self.tok(pos)?;
        if !(sep.is_punct(',') || (sep.is_word() && is_word(self.word(sep), "và"))) {
            return None;
        }
        let start = self.tok(sep.end).filter(|t| t.is_word())?.start;
        let (honorific, start) = self.honorifics_at(start, honorifics)?;
        if self.starts_title(start) || !is_capitalized(&text[start..]) {
            return None;
        }
        if !self.surname_at(start) {
            return None;
        }
        let run = self.name_run(start, false);
        if !self.valid_name(&run, false) {
            return None;
        }
        let span = run[0].start..run[run.len() - 1].end;
        if self.title_follows(span.end) || self.overlaps_place(&span) {
            return None;
        }
        Some((span, honorific))
    }

    /// End of `các xã, phường` / `các sở, ngành`: type words joined by commas or `và`.
    fn plural_places_end(&self, mut end: usize) -> usize {
        let mut cur = end;
        while let Some((_, e)) = self.match_phrase(&LEXICON.jurisdiction_types, cur, false) {
            end = e;
            let Some(sep) = self.tok(end) else {
                break;
            };
            if !(sep.is_punct(',') || (sep.is_word() && is_word(self.word(sep), "và"))) {
                break;
            }
            cur = sep.end;
        }
        end
    }

    /// End of a plural of bodies in lower case (`các sở, ngành`), if one
    /// follows `pos`.
    fn plural_bodies_end(&self, pos: usize) -> Option<usize> {
        let mut end = None;
        let mut cur = pos;
        for _ in 0..6 {
            let Some(tok) = self.tok(cur) else {
                break;
            };
            match tok.kind {
                Kind::Word => {
                    let w = self.word(tok);
                    if is_capitalized(w) || self.with_key(w, |key| LEXICON.org_stopwords.contains(key)) {
                        break;
                    }
                    end = Some(tok.end);
                    cur = tok.end;
                }
                Kind::Punct(',') if end.is_some() => {
                    let next = self.tok(tok.end).filter(|n| n.is_word())?;
                    let w = self.word(next);
                    if is_capitalized(w) || self.with_key(w, |key| LEXICON.org_stopwords.contains(key)) {
                        break;
                    }
                    cur = tok.end;
                }
                _ => break,
            }
        }
        end
    }

    /// The proper-name words of a body after its head word (`Tài chính`,
    /// `Kinh tế - Ngân sách`, `Văn hoá, Thể thao và Du lịch`), abbreviations
    /// expanded, in `self.buf.words`; returns where they end.
    /// `after_role`: the head is implied by the role (`Trưởng ban Dân vận`),
    /// so the name must start with a capital that does not start a person's name.
    fn body_name_words(&mut self, pos: usize, after_role: bool) -> usize {
        let mut out = std::mem::take(&mut self.buf.words);
        out.clear();
        let mut end = pos;
        let mut cur = pos;
        let mut lower_run = 0;
        let mut words = 0;
        let mut after_abbreviation = false;
        while words < 12 {
            let Some(tok) = self.tok(cur) else { break };
            match tok.kind {
                Kind::Word => {
                    let w = self.word(tok);
                    if w.starts_with(|c: char| c.is_ascii_digit()) {
                        break;
                    }
                    // The first-word tests of the phrase walks below, made once.
                    let facts = self.facts(tok.start, tok.end);
                    if facts & fact::JURISDICTION_TYPE_FIRST != 0
                        && self
                            .match_phrase(&LEXICON.jurisdiction_types, tok.start, false)
                            .is_some()
                        || facts & (fact::ROLE_FIRST | fact::MODIFIER_FIRST) != 0
                            && self.starts_title(tok.start)
                    {
                        break;
                    }
                    let body = if facts & fact::BODY_FIRST != 0 {
                        self.match_phrase(&LEXICON.bodies, tok.start, false)
                    } else {
                        None
                    };
                    if words > 0 && body.is_some_and(|(b, _)| !b.named) {
                        break;
                    }
                    if words == 0 && after_role {
                        if body.is_some() {
                            break;
                        }
                        if !is_capitalized(w) || self.name_starts(tok.start) {
                            break;
                        }
                    }
                    if is_capitalized(w) {
                        if self.place_at(tok.start).is_some() || self.person_starts(tok.start) {
                            break;
                        }
                        after_abbreviation = is_all_caps(w);
                        if words > 0 && self.known_place_at(tok.start).is_some() {
                            break;
                        }
                        lower_run = 0;
                    } else {
                        let and = is_word(w, "và");
                        if !and && after_abbreviation {
                            break;
                        }
                        if !and {
                            let key = self.key_of(w);
                            let stop = LEXICON.org_stopwords.contains(key);
                            // `Bộ Công an đối với ...`, not `Cục An ninh đối ngoại`.
                            let link = LEXICON.appointment_link_starts.contains(key);
                            if stop || link && self.words_in(&LEXICON.appointment_links, tok.start).is_some()
                            {
                                break;
                            }
                        }
                        if and {
                            if words == 0 {
                                break;
                            }
                            let next = self.tok(tok.end);
                            if !next.is_some_and(|n| n.is_word() && is_capitalized(self.word(n))) {
                                break;
                            }
                        } else {
                            lower_run += 1;
                            if lower_run > 4 {
                                break;
                            }
                        }
                    }
                    if !out.is_empty() && !out.ends_with(' ') {
                        out.push(' ');
                    }
                    match LEXICON.abbreviations.get(w) {
                        Some(exp) => out.push_str(exp),
                        None => out.push_str(w),
                    }
                    words += 1;
                    end = tok.end;
                    cur = tok.end;
                }
                Kind::Punct(c @ ('-' | '–' | ',')) if words > 0 => {
                    let Some(next) = self.tok(tok.end).filter(|n| n.is_word()) else {
                        break;
                    };
                    if !is_capitalized(self.word(next))
                        || self.starts_title(next.start)
                        || self
                            .match_phrase(&LEXICON.honorifics, next.start, false)
                            .is_some()
                        || self.person_starts(next.start)
                    {
                        break;
                    }
                    if c == ',' && !self.va_ahead(next.end) {
                        break;
                    }
                    out.push_str(if c == ',' { ", " } else { " - " });
                    cur = tok.end;
                }
                Kind::Punct('(') if words > 0 => {
                    // `Viện Nghiên cứu Kinh tế và Chính sách (VEPR)`.
                    let Some(abbr) = self.tok(tok.end).filter(|n| n.is_word()) else {
                        break;
                    };
                    let close = self.tok(abbr.end);
                    if !is_all_caps(self.word(abbr)) || !close.is_some_and(|c| c.is_punct(')')) {
                        break;
                    }
                    let close = close.map_or(abbr.end, |c| c.end);
                    out.push_str(" (");
                    out.push_str(self.word(abbr));
                    out.push(')');
                    end = close;
                    // The abbreviation in brackets closes the name.
                    break;
                }
                _ => break,
            }
        }
        let trimmed = out.trim_end_matches([' ', ',', '-']).len();
        out.truncate(trimmed);
        self.buf.words = out;
        end
    }

    /// Whether `và` comes within the next few words, before any punctuation
    /// other than a comma (`Văn hoá, Thể thao và Du lịch`).
    fn va_ahead(&self, mut pos: usize) -> bool {
        for _ in 0..5 {
            let Some(tok) = self.tok(pos) else {
                return false;
            };
            match tok.kind {
                Kind::Word if is_word(self.word(tok), "và") => return true,
                Kind::Word | Kind::Punct(',') => pos = tok.end,
                _ => return false,
            }
        }
        false
    }

    /// Whether the word at `pos` is a surname: a name run from there makes
    /// a name (surname first) only then, so the run is read only then.
    fn surname_at(&mut self, pos: usize) -> bool {
        match self.tok(pos) {
            Some(t) if t.is_word() => self.is_surname(t.start, t.end),
            _ => false,
        }
    }

    /// Whether the name run at `pos` makes a name (surname first).
    fn name_starts(&mut self, pos: usize) -> bool {
        if !self.surname_at(pos) {
            return false;
        }
        let run = self.name_run(pos, false);
        self.valid_name(&run, false)
    }

    /// A person's name (surname and two or three title-case words, or two
    /// words followed by no capital) starts at `pos`.
    fn person_starts(&mut self, pos: usize) -> bool {
        if !self.surname_at(pos) {
            return false;
        }
        let run = self.name_run(pos, false);
        run.len() >= 3 && run.len() <= 4 && self.valid_name(&run, false)
    }

    /// A province or district name at `pos`: its (name, type) and end.
    fn known_place_at(&self, pos: usize) -> Option<(&'static str, &'static str, usize)> {
        let (&(name, kind, _), end) = self.match_phrase(&LEXICON.places, pos, true)?;
        Some((name, kind, end))
    }

    /// The jurisdiction at `pos`: (written jurisdiction, bare type, end,
    /// holder read off the same run of capitals).
    #[allow(clippy::type_complexity)]
    fn jurisdiction_at(
        &mut self,
        pos: usize,
    ) -> (
        Option<Cow<'static, str>>,
        Option<&'static str>,
        usize,
        Option<(Range<usize>, Option<Range<usize>>, bool)>,
    ) {
        let text = self.text;
        if let Some(place) = self.place_at(pos) {
            let (label, end) = (self.place_label(place), place.span.end);
            return (Some(label), None, end, None);
        }
        if let Some((&ty, tend)) = self.match_phrase(&LEXICON.jurisdiction_types, pos, false) {
            if let Some(place) = self.place_at(tend) {
                let name = place.name_start..place.span.end;
                let end = name.end;
                self.record_jurisdiction(ty, name.clone());
                return (Some(Cow::Owned(joined(ty, &text[name]))), None, end, None);
            }
            // `quận 9`, `phường 5`.
            if let Some(num) = self
                .tok(tend)
                .filter(|t| t.is_word() && self.word(t.to_owned()).starts_with(|c: char| c.is_ascii_digit()))
            {
                return (Some(Cow::Owned(joined(ty, self.word(num)))), None, num.end, None);
            }
            let (place, person) = self.split_place_and_name(tend);
            return match place {
                Some(span) => {
                    self.record_jurisdiction(ty, span.clone());
                    (
                        Some(Cow::Owned(joined(ty, &text[span.clone()]))),
                        None,
                        span.end,
                        person.map(|p| (p, None, false)),
                    )
                }
                None => (None, Some(ty), tend, person.map(|p| (p, None, false))),
            };
        }
        if let Some((_, kind, end)) = self.known_place_at(pos) {
            let written_start = self.tok(pos).map_or(pos, |t| t.start);
            if self.is_not_name(&(written_start..end)) {
                // `Chủ tịch Hồ Chí Minh`: a person of history, not a jurisdiction.
                return (None, None, pos, None);
            }
            self.record_jurisdiction(kind, written_start..end);
            return (
                Some(Cow::Owned(joined(kind, &text[written_start..end]))),
                None,
                end,
                None,
            );
        }
        (None, None, pos, None)
    }

    /// After a type word: the place name and a holder's name in one run of
    /// capitals (`tỉnh Bạc Liêu Dương Thành Trung`, `tỉnh Phạm Anh Tuấn`).
    fn split_place_and_name(&mut self, pos: usize) -> (Option<Range<usize>>, Option<Range<usize>>) {
        // A known province or district first (`Bà Rịa - Vũng Tàu`, `Tuy Phước`), then maybe a name.
        if let Some((_, _, end)) = self.known_place_at(pos) {
            let place = self.tok(pos).map_or(pos, |t| t.start)..end;
            let after = self
                .tok(end)
                .filter(|t| t.is_word() && is_capitalized(self.word(*t)));
            let person = after.filter(|t| self.surname_at(t.start)).and_then(|t| {
                let run = self.name_run(t.start, false);
                self.valid_name(&run, false)
                    .then(|| run[0].start..run[run.len() - 1].end)
            });
            return (Some(place), person);
        }
        // Words of the run (at most eight); dash-joined parts (`Bà Rịa -
        // Vũng Tàu`) belong to the place.
        let mut word_array = [const { 0..0 }; 8];
        let mut dashed_array = [false; 8];
        let mut n = 0;
        let mut cur = pos;
        let mut dash = false;
        while n < word_array.len() {
            let Some(tok) = self.tok(cur) else { break };
            if tok.is_dash() && n > 0 && !dash {
                dash = true;
                cur = tok.end;
                continue;
            }
            if !tok.is_word() || !super::text::is_title_case(self.word(tok)) {
                break;
            }
            if n > 0 && self.starts_title(tok.start) {
                break;
            }
            let stop = self.with_key(self.word(tok), |key| LEXICON.stopwords.get(key).copied());
            if stop == Some(super::lexicon::StopKind::Function) {
                break;
            }
            word_array[n] = tok.start..tok.end;
            dashed_array[n] = dash;
            n += 1;
            dash = false;
            cur = tok.end;
        }
        // A dangling dash is not part of the place.
        let words = &word_array[..n];
        let dashed = &dashed_array[..n];
        if n == 0 {
            return (None, None);
        }
        let span_of = |r: &[Range<usize>]| r[0].start..r[r.len() - 1].end;
        let name_ok = |s: &mut Self, k: usize| -> bool {
            k < n && !dashed[k..].iter().any(|&d| d) && s.valid_name(&words[k..], false)
        };
        // The longest known place at the start, then a name after it.
        for k in (1..=n).rev() {
            if self.is_known_place(&span_of(&words[..k])) {
                let person = name_ok(self, k).then(|| span_of(&words[k..]));
                return (Some(span_of(&words[..k])), person);
            }
        }
        if n == 2 && self.province_or_district(pos) && name_ok(self, 0) && self.common_surname(&words[0]) {
            // `UBND tỉnh Nguyễn Minh`: a common surname is not a province or district.
            return (None, Some(span_of(words)));
        }
        if n <= 2 {
            return (Some(span_of(words)), None);
        }
        let order: &[usize] = if n >= 4 { &[2, 1, 0] } else { &[0, 1] };
        for &k in order {
            if name_ok(self, k) && (k == 0 || !dashed[..k].is_empty()) {
                let place = (k > 0).then(|| span_of(&words[..k]));
                return (place, Some(span_of(&words[k..])));
            }
        }
        (Some(span_of(words)), None)
    }

    /// Whether the type word before `pos` names a province or district
    /// (their names are all in the lexicon, so an unknown name there is not one).
    fn province_or_district(&self, pos: usize) -> bool {
        let Some((s, e)) = prev_chunk(self.text, pos) else {
            return false;
        };
        let mut start = s;
        if let Some((s2, _)) = prev_chunk(self.text, s) {
            if is_word(&self.text[s2..e], "thành phố") || is_word(&self.text[s2..e], "thị xã") {
                start = s2;
            }
        }
        /// The keys of the type words of provinces and districts.
        static KEYS: LazyLock<[String; 7]> =
            LazyLock::new(|| ["tỉnh", "thành phố", "tp", "tp.", "huyện", "quận", "thị xã"].map(phrase_key));
        self.with_key(&self.text[start..e], |key| KEYS.iter().any(|t| t == key))
    }

    fn common_surname(&self, word: &Range<usize>) -> bool {
        self.with_key(&self.text[word.clone()], |key| {
            LEXICON.common_surnames.contains(key)
        })
    }

    /// The holder written after a title: a name right after it, or after
    /// `-`, `–`, `:` (or `,` with an honorific), or, for a title introduced
    /// by an appointment phrase, after its link (`bổ nhiệm chức vụ Thứ
    /// trưởng đối với đồng chí Trung tướng Phạm Thế Tùng`; the link's end
    /// goes to `appointed`). (span, honorific, separated)
    fn holder_after(
        &mut self,
        title_start: usize,
        end: usize,
        appointed: &mut Option<usize>,
    ) -> Option<(Range<usize>, Option<Range<usize>>, bool)> {
        let text = self.text;
        let tok = self.tok(end)?;
        if let Some(span) = self.foreign_holder_after(tok) {
            return Some((span, None, false));
        }
        *appointed = self
            .appointment_link(end)
            .filter(|_| self.appointment_before(title_start));
        let (at, separated) = match (*appointed, tok.kind) {
            (Some(link_end), _) => (link_end, false),
            (None, Kind::Word) => (tok.start, false),
            (None, Kind::Punct('-' | '–' | ':' | ',')) => (tok.end, true),
            _ => return None,
        };
        let start = self.tok(at).filter(|t| t.is_word())?.start;
        // `đồng chí Trung tướng Phạm Thế Tùng`: a social honorific and a rank.
        let (honorific, start) = self.honorifics_at(start, if appointed.is_some() { 2 } else { 1 })?;
        if tok.is_punct(',') && honorific.is_none() {
            return None;
        }
        if !is_capitalized(&text[start..]) || !self.surname_at(start) {
            return None;
        }
        let run = self.name_run(start, false);
        if !(2..=4).contains(&run.len()) || !self.valid_name(&run, false) {
            return None;
        }
        let span = run[0].start..run[run.len() - 1].end;
        if self.overlaps_place(&span) || self.is_known_place(&span) {
            return None;
        }
        // `Hiệu trưởng trường THPT Phan Đình Phùng`: the school's name.
        if honorific.is_none() && self.phrase_before(&LEXICON.blockers, span.start).is_some() {
            return None;
        }
        Some((span, honorific, separated))
    }

    /// A foreign holder after a title and the country it serves
    /// (`Tổng thống Nga Vladimir Putin`, `Bộ trưởng Quốc phòng Mỹ James
    /// Mattis`): two to four capitalized words, some of them not Vietnamese
    /// syllables (a Vietnamese name is read by its surname instead).
    fn foreign_holder_after(&mut self, country: Tok) -> Option<Range<usize>> {
        if !country.is_word() {
            return None;
        }
        let place = self.place_at(country.start)?;
        if self.place_of(place).kind != "quốc gia" || place.span.start != country.start {
            return None;
        }
        let mut at = place.span.end;
        // Each word's span and whether it reads as Vietnamese.
        let mut words = [(0, 0, false); 5];
        let mut count = 0;
        while count < words.len() {
            if self.text.as_bytes().get(at) != Some(&b' ') {
                break;
            }
            let Some(tok) = self.tok(at + 1).filter(|t| t.is_word() && t.start == at + 1) else {
                break;
            };
            // A hyphenated given name is one word (`Moon Jae-in`).
            let mut word_end = tok.end;
            while self.text.as_bytes().get(word_end) == Some(&b'-') {
                match self
                    .tok(word_end + 1)
                    .filter(|t| t.is_word() && t.start == word_end + 1)
                {
                    Some(part) => word_end = part.end,
                    None => break,
                }
            }
            let word = &self.text[tok.start..word_end];
            if !is_capitalized(word) || self.starts_title(tok.start) {
                break;
            }
            words[count] = (tok.start, word_end, word.split('-').all(looks_vietnamese));
            count += 1;
            at = word_end;
        }
        // A Vietnamese word after the name opens the next sentence when its
        // period is missing (`Donald Trump Hiện nay`).
        while count > 2 && words[count - 1].2 {
            count -= 1;
        }
        let name = &words[..count];
        let foreign = name.iter().any(|w| !w.2);
        let span = name.first()?.0..name.last()?.1;
        ((2..=4).contains(&count) && foreign && !self.overlaps_place(&span)).then_some(span)
    }

    /// Up to `most` honorifics from the word at `start` (`đồng chí`, `Trung
    /// tướng`): the span of the first and where the next word starts.
    fn honorifics_at(&self, mut start: usize, most: usize) -> Option<(Option<Range<usize>>, usize)> {
        let mut honorific = None;
        for _ in 0..most {
            let Some((_, e)) = self.match_phrase(&LEXICON.honorifics, start, false) else {
                break;
            };
            honorific.get_or_insert(start..e);
            start = self.tok(e).filter(|t| t.is_word())?.start;
        }
        Some((honorific, start))
    }

    /// The end of an appointment's holder link after the title ending at
    /// `end` (`appointment-links.tsv`): `đối với`, possibly after a term
    /// between commas (`, nhiệm kỳ 2021-2026,`, `khóa XIII`).
    fn appointment_link(&self, end: usize) -> Option<usize> {
        let mut cur = end;
        let comma = self.tok(cur).filter(|t| t.is_punct(','));
        if let Some(t) = comma {
            cur = t.end;
        }
        if let Some(e) = self.words_in(&LEXICON.appointment_terms, cur) {
            cur = e;
            let mut numbers = 0;
            while let Some(t) = self.tok(cur) {
                let number = match t.kind {
                    Kind::Word => {
                        let w = self.word(t);
                        w.bytes().all(|b| b.is_ascii_digit()) || w.bytes().all(|b| b"IVXLC".contains(&b))
                    }
                    Kind::Punct('-' | '–') => true,
                    _ => false,
                };
                if !number {
                    break;
                }
                cur = t.end;
                numbers += 1;
            }
            if numbers == 0 {
                return None;
            }
            if let Some(t) = self.tok(cur).filter(|t| t.is_punct(',')) {
                cur = t.end;
            }
        } else if comma.is_some() {
            return None;
        }
        self.words_in(&LEXICON.appointment_links, cur)
    }

    /// The end of the longest phrase of `set` (lower case) from the word at `pos`.
    fn words_in(&self, set: &FastSet<String>, pos: usize) -> Option<usize> {
        let mut key = self.buf.phrase_buf.borrow_mut();
        key.clear();
        let mut cur = pos;
        let mut best = None;
        for n in 0..LEXICON.appointment_words {
            let Some(t) = self.tok(cur).filter(|t| t.is_word()) else {
                break;
            };
            if n == 0 {
                let w = self.word(t);
                if w.len() > LEXICON.appointment_first_len
                    || !w
                        .chars()
                        .next()
                        .is_some_and(|c| LEXICON.appointment_first_letters.contains(&c))
                {
                    break;
                }
            } else {
                key.push(' ');
            }
            key.extend(self.word(t).chars().flat_map(char::to_lowercase));
            if n == 0 && !LEXICON.appointment_firsts.contains(key.as_str()) {
                break;
            }
            cur = t.end;
            if set.contains(key.as_str()) {
                best = Some(cur);
            }
        }
        best
    }

    /// Whether an appointment phrase (`bổ nhiệm lại chức vụ`) ends right
    /// before the title at `start`, or before the first title of the chain
    /// (joined by `,` or `và`) that the title ends.
    fn appointment_before(&self, mut start: usize) -> bool {
        let text = self.text;
        let mut before = self.buf.titles.len();
        loop {
            if self.appointment_intro_before(start) {
                return true;
            }
            let Some(sep) = prev_tok(text, start) else {
                return false;
            };
            if !(sep.is_punct(',') || sep.is_word() && is_word(self.word(sep), "và")) {
                return false;
            }
            let Some(prev) = before.checked_sub(1).map(|i| &self.buf.titles[i]) else {
                return false;
            };
            if prev.span.end > sep.start || !text[prev.span.end..sep.start].trim().is_empty() {
                return false;
            }
            start = prev.span.start;
            before -= 1;
        }
    }

    /// Whether an appointment phrase ends at `pos` (whole words).
    fn appointment_intro_before(&self, pos: usize) -> bool {
        let text = self.text;
        let mut start = pos;
        for _ in 0..LEXICON.appointment_words {
            let Some(word) = prev_tok(text, start).filter(|t| t.is_word()) else {
                return false;
            };
            start = word.start;
            let mut key = self.buf.phrase_buf.borrow_mut();
            key.clear();
            key.extend(text[start..pos].trim_end().chars().flat_map(char::to_lowercase));
            if LEXICON.appointment_intros.contains(key.as_str()) {
                return true;
            }
        }
        false
    }

    /// Links every title to its holder and resolves jurisdictions; the
    /// titles are drained into the output.
    pub(super) fn link(&mut self, titles: &mut Vec<TitleHit>) -> Vec<Title> {
        let text = self.text;
        if titles.is_empty() {
            // Most articles have no title: nothing to link.
            return Vec::new();
        }
        titles.sort_by_key(|t| t.span.start);
        // Hit indices changed when hits were sorted: found again by span,
        // in the sorted hits (no map per document).
        let hits_by_span = SortedHits::new(&self.buf.hits);
        let old_spans = &self.buf.unsorted_spans;
        let remap = |idx: Option<usize>| idx.and_then(|i| hits_by_span.with_span(&old_spans[i]));
        for t in titles.iter_mut() {
            t.direct = remap(t.direct);
            t.after_separator = remap(t.after_separator);
            let mut kept = 0;
            for c in 0..t.coholders.len() {
                if let Some(hit) = remap(Some(t.coholders[c])) {
                    t.coholders[kept] = hit;
                    kept += 1;
                }
            }
            t.coholders.truncate(kept);
        }
        // Chains: titles joined by `,` or `kiêm` only.
        let mut i = 0;
        while i < titles.len() {
            let mut j = i;
            while j + 1 < titles.len() && titles[j].direct.is_none() && titles[j].after_separator.is_none() {
                // Overlapping titles (none between them) do not chain.
                let gap = text
                    .get(titles[j].span.end..titles[j + 1].span.start)
                    .map(str::trim);
                if matches!(gap, Some("," | "kiêm" | ", kiêm")) {
                    j += 1;
                } else {
                    break;
                }
            }
            let before = self.name_before(titles[i].span.start, &hits_by_span);
            let holder = titles[j].direct.or(before).or(titles[j].after_separator);
            let chain_coholders = titles[j].coholders.clone();
            for t in &mut titles[i..=j] {
                if t.direct.is_none() && t.coholders.is_empty() {
                    t.coholders = chain_coholders.clone();
                }
                t.person = t.direct.or(holder);
                if t.generic {
                    t.person = None;
                }
            }
            i = j + 1;
        }
        // Jurisdictions: written, else the document's unit of that type, else national.
        for t in titles.iter() {
            if let Some(ty) = t.bare_type {
                if !self.has_jurisdiction(ty) {
                    self.find_jurisdiction(ty);
                }
            }
        }
        for t in titles.iter_mut() {
            if t.jurisdiction.is_none() {
                if let Some(ty) = t.bare_type {
                    t.jurisdiction = self.jurisdiction_label(ty).map(Cow::Owned);
                } else {
                    // `Bộ trưởng Quốc phòng Mỹ James Mattis`, `Tổng thống
                    // Nga`: a country written right after an office is its own.
                    let country = (text.as_bytes().get(t.span.end) == Some(&b' '))
                        .then(|| self.place_at(t.span.end + 1))
                        .flatten()
                        .filter(|p| self.place_of(p).kind == "quốc gia");
                    t.jurisdiction = match country {
                        Some(p) => Some(self.place_label(p)),
                        None => t.national.then_some(Cow::Borrowed("Việt Nam")),
                    };
                }
            }
        }
        let mut buffers = std::mem::take(&mut self.buf.link);
        buffers.resolve_holders(text, titles, &self.buf.names.name_of_hit, &self.buf.hits);
        let name_of = |p: usize| &text[self.buf.hits[p].span.clone()];
        let ranges = &buffers.holder_ranges;
        let mut out = Vec::with_capacity(ranges.iter().map(|r| r.len().max(1)).sum());
        for (t, range) in titles.drain(..).zip(ranges) {
            let title = Title {
                span: t.span,
                role: match t.role_info.and_then(|r| r.spelling(&text[t.role.clone()])) {
                    Some(spelling) => Cow::Borrowed(spelling),
                    None => Cow::Owned(text[t.role].to_owned()),
                },
                organization: t.organization,
                jurisdiction: t.jurisdiction,
                person: None,
                ..Title::default()
            };
            // One item per holder; the title's strings move into the last.
            if let Some((&last, others)) = buffers.holders[range.clone()].split_last() {
                for &p in others {
                    out.push(Title {
                        person: Some(name_of(p).to_owned()),
                        ..title.clone()
                    });
                }
                out.push(Title {
                    person: Some(name_of(last).to_owned()),
                    ..title
                });
            } else {
                out.push(title);
            }
        }
        self.buf.link = buffers;
        out
    }

    /// Records the first `<type> <Name>` of the text (`huyện Phước Long`),
    /// also written `TP.`/`TP` for `thành phố`.
    fn find_jurisdiction(&mut self, ty: &'static str) {
        let text = self.text;
        // The type words start with an ASCII letter: capitalized by its byte.
        let upper: Cow<str> = match ty.as_bytes().first() {
            Some(first) if first.is_ascii() => {
                let mut upper = String::with_capacity(ty.len());
                upper.push(char::from(first.to_ascii_uppercase()));
                upper.push_str(&ty[1..]);
                Cow::Owned(upper)
            }
            _ => Cow::Borrowed(ty),
        };
        let city_forms: &[&str] = if ty == "thành phố" {
            &["TP.", "TP", "Thành phố"]
        } else {
            &[]
        };
        let mut best: Option<(usize, Range<usize>)> = None;
        for form in [ty, &upper].into_iter().chain(city_forms.iter().copied()) {
            for (i, _) in text.match_indices(form) {
                if best.as_ref().is_some_and(|(b, _)| *b < i) {
                    break;
                }
                let after = i + form.len();
                let boundary_before = text[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
                let boundary_after = text[after..].starts_with([' ', '.']);
                if !boundary_before || !boundary_after {
                    continue;
                }
                let (place, _) = self.split_place_and_name(after);
                if let Some(span) = place {
                    best = Some((i, span));
                    break;
                }
            }
        }
        if let Some((_, name)) = best {
            self.record_jurisdiction(ty, name);
        }
    }

    /// A name written right before `pos`, directly or with `-`, `–`, `,`, `(`, `:` between.
    fn name_before(&self, pos: usize, hits: &SortedHits) -> Option<usize> {
        let tok = prev_tok(self.text, pos)?;
        let end = match tok.kind {
            Kind::Punct('-' | '–' | ',' | '(' | ':') => prev_tok(self.text, tok.start)?.end,
            Kind::Word => tok.end,
            _ => return None,
        };
        hits.ending_at(end).or_else(|| self.name_before_link(pos, hits))
    }

    /// `ông Nguyễn Văn An giữ chức Phó Giám đốc`: the name right before a
    /// holder link (`holder-links.tsv`) that ends at `pos`.
    fn name_before_link(&self, pos: usize, hits: &SortedHits) -> Option<usize> {
        let text = self.text;
        // Every phrase read below ends with the word before `pos`, lower-cased.
        let last = prev_tok(text, pos).filter(|t| t.is_word())?;
        {
            let mut link = self.buf.phrase_buf.borrow_mut();
            link.clear();
            link.extend(self.word(last).chars().flat_map(char::to_lowercase));
            if !LEXICON.holder_link_lasts.contains(link.as_str()) {
                return None;
            }
        }
        let mut start = pos;
        for _ in 0..LEXICON.holder_link_words {
            let word = prev_tok(text, start).filter(|t| t.is_word())?;
            start = word.start;
            let mut link = self.buf.phrase_buf.borrow_mut();
            link.clear();
            // Character by character (no final-sigma rule): the links are Vietnamese.
            link.extend(text[start..pos].trim_end().chars().flat_map(char::to_lowercase));
            let is_link = LEXICON.holder_links.contains(link.as_str());
            drop(link);
            if is_link {
                let name = prev_tok(text, start).filter(|t| t.is_word())?;
                if let Some(hit) = hits.ending_at(name.end) {
                    return Some(hit);
                }
            }
        }
        None
    }
}

/// The buffers of [`Scanner::link`], kept from one document to the next.
#[derive(Default)]
pub(super) struct LinkBuffers {
    /// The number of each role spelling, and of each role key: kept across
    /// documents (a text repeats the same few roles, and so do texts),
    /// numbers are only compared within one.
    role_of_written: FastMap<String, u32>,
    role_of_key: FastMap<String, u32>,
    key: String,
    /// The office of each title.
    offices: Vec<Office>,
    organization_keys: LazyKeys,
    jurisdiction_keys: LazyKeys,
    /// The held titles by office role: (former, role number, title), sorted.
    held: Vec<(bool, u32, usize)>,
    /// Titles of the same office as the one resolved.
    same_office: Vec<usize>,
    /// The hash of each office as written that was resolved, and the title
    /// it was resolved for.
    resolved_office: FastMap<u64, usize>,
    /// The holders of every title (hit indices), flat, and each title's range.
    holders: Vec<usize>,
    holder_ranges: Vec<Range<usize>>,
    sole: SoleHolders,
}

/// Role spellings kept by [`LinkBuffers`] before they are forgotten.
const ROLE_SPELLINGS_KEPT: usize = 4096;

impl LinkBuffers {
    /// The number of the role written `written`: equal keys, equal numbers.
    fn role_number(&mut self, written: &str) -> u32 {
        if let Some(&role) = self.role_of_written.get(written) {
            return role;
        }
        self.key.clear();
        push_phrase_key(&mut self.key, written);
        let next = self.role_of_key.len() as u32;
        let role = match self.role_of_key.get(self.key.as_str()) {
            Some(&role) => role,
            None => {
                self.role_of_key.insert(self.key.clone(), next);
                next
            }
        };
        self.role_of_written.insert(written.to_owned(), role);
        role
    }

    /// Fills `holders` and `holder_ranges`: the holders of each title, its
    /// own or, for a title written alone, the one holder of the same office
    /// elsewhere, or the several holders of one span (`đối với A và B`).
    fn resolve_holders(&mut self, text: &str, titles: &[TitleHit], name_of_hit: &[u32], hits: &[NameHit]) {
        self.holders.clear();
        self.holder_ranges.clear();
        /// A title's own holders.
        fn own_holders(t: &TitleHit) -> impl Iterator<Item = usize> + Clone + '_ {
            t.person
                .into_iter()
                .chain(t.coholders.iter().copied().filter(|_| t.person.is_some()))
        }
        // Office keys are computed once per title, and a title is compared
        // only with the held titles of the same role: linear in the titles
        // of a long document, not quadratic.
        // Most articles have no title to resolve: no office keys at all then.
        let any_unresolved = titles.iter().any(|t| t.person.is_none() && !t.generic);
        if !any_unresolved {
            for t in titles {
                let start = self.holders.len();
                self.holders.extend(own_holders(t));
                self.holder_ranges.push(start..self.holders.len());
            }
            return;
        }
        if self.role_of_written.len() > ROLE_SPELLINGS_KEPT {
            self.role_of_written.clear();
            self.role_of_key.clear();
        }
        self.offices.clear();
        for t in titles {
            let role = self.role_number(&text[t.role.clone()]);
            self.offices.push(Office {
                former: t.former,
                role,
                jurisdiction_type: jurisdiction_type(t),
            });
        }
        self.organization_keys.reset(titles.len());
        self.jurisdiction_keys.reset(titles.len());
        self.held.clear();
        for (k, t) in titles.iter().enumerate() {
            if t.person.is_some() {
                self.held.push((t.former, self.offices[k].role, k));
            }
        }
        self.held.sort_unstable();
        // Titles written alike resolve alike: each office as written is
        // resolved once (a long text repeats `Chủ tịch UBND tỉnh` hundreds
        // of times). The memo is keyed by the hash of the office as
        // written, checked against the title it holds.
        self.resolved_office.clear();
        for (k, t) in titles.iter().enumerate() {
            let start = self.holders.len();
            if t.person.is_some() || t.generic {
                self.holders.extend(own_holders(t));
                self.holder_ranges.push(start..self.holders.len());
                continue;
            }
            let written = OfficeWritten::of(t, &self.offices[k]);
            let hash = self.resolved_office.hasher().hash_one(&written);
            let memo = self.resolved_office.get(&hash).copied();
            if let Some(done) = memo.filter(|&m| OfficeWritten::of(&titles[m], &self.offices[m]) == written) {
                self.holders.extend_from_within(self.holder_ranges[done].clone());
                self.holder_ranges.push(start..self.holders.len());
                continue;
            }
            let role = (t.former, self.offices[k].role);
            let from = self.held.partition_point(|h| (h.0, h.1) < role);
            self.same_office.clear();
            for i in from..self.held.len() {
                let (former, held_role, m) = self.held[i];
                if (former, held_role) != role {
                    break;
                }
                if self.same_office(titles, k, m) {
                    self.same_office.push(m);
                }
            }
            self.sole.find(
                self.same_office.iter().map(|&m| own_holders(&titles[m])),
                name_of_hit,
                |p| hits[p].span.start,
                &mut self.holders,
            );
            self.holder_ranges.push(start..self.holders.len());
            if memo.is_none() {
                self.resolved_office.insert(hash, k);
            }
        }
    }

    /// Whether titles `k` and `m` name the same office: same role and
    /// former-ness, and no written organization, jurisdiction or
    /// jurisdiction type that differ.
    fn same_office(&mut self, titles: &[TitleHit], k: usize, m: usize) -> bool {
        let (a, b) = (&self.offices[k], &self.offices[m]);
        if a.former != b.former || a.role != b.role {
            return false;
        }
        // `Chủ tịch UBND thành phố` is not `Chủ tịch UBND huyện An Lão`.
        if matches!((a.jurisdiction_type, b.jurisdiction_type), (Some(x), Some(y)) if x != y) {
            return false;
        }
        let (t, u) = (&titles[k], &titles[m]);
        self.organization_keys
            .compatible(k, t.organization.as_deref(), m, u.organization.as_deref())
            && self
                .jurisdiction_keys
                .compatible(k, t.jurisdiction.as_deref(), m, u.jurisdiction.as_deref())
    }
}

/// The holders of a title written alone, from the holders of each title of
/// the same office elsewhere (hit indices, in text order): the one person
/// they name, or the one group every such title names; none when they name
/// different people. Names are compared by number (`name_of_hit`).
#[derive(Default)]
struct SoleHolders {
    /// The distinct groups of names so far, flat, with their ranges.
    sets: Vec<u32>,
    set_ranges: Vec<Range<usize>>,
    /// The first hit of each name so far.
    first: Vec<(u32, usize)>,
    set: Vec<u32>,
}

impl SoleHolders {
    /// Appends the holders to `out`, in text order.
    fn find<H: Iterator<Item = usize> + Clone>(
        &mut self,
        holders_of_same_office: impl Iterator<Item = H>,
        name_of_hit: &[u32],
        start_of: impl Fn(usize) -> usize,
        out: &mut Vec<usize>,
    ) {
        self.sets.clear();
        self.set_ranges.clear();
        self.first.clear();
        for holders in holders_of_same_office {
            self.set.clear();
            self.set.extend(holders.clone().map(|p| name_of_hit[p]));
            for p in holders {
                let name = name_of_hit[p];
                if !self.first.iter().any(|f| f.0 == name) {
                    self.first.push((name, p));
                }
            }
            self.set.sort_unstable();
            self.set.dedup();
            if !self
                .set_ranges
                .iter()
                .any(|r| self.sets[r.clone()] == self.set[..])
            {
                let start = self.sets.len();
                self.sets.extend_from_slice(&self.set);
                self.set_ranges.push(start..self.sets.len());
            }
            // Two different groups naming two different people: no more
            // titles can make the answer one holder or one group.
            if self.set_ranges.len() > 1 && self.first.len() > 1 {
                return;
            }
        }
        // The distinct names, in name order.
        self.set.clear();
        self.set.extend_from_slice(&self.sets);
        self.set.sort_unstable();
        self.set.dedup();
        // One holder, or every mention names the same group.
        if self.set.len() == 1 || self.set_ranges.len() == 1 {
            let start = out.len();
            for name in &self.set {
                let first = self.first.iter().find(|f| f.0 == *name);
                out.extend(first.map(|f| f.1));
            }
            out[start..].sort_by_key(|&p| start_of(p));
        }
    }
}

/// An office as written: titles equal in all of it have the same offices
/// among the other titles (see [`LinkBuffers::same_office`]).
#[derive(PartialEq, Eq, Hash)]
struct OfficeWritten<'a> {
    former: bool,
    role: u32,
    organization: Option<&'a str>,
    jurisdiction: Option<&'a str>,
    jurisdiction_type: Option<&'static str>,
}

impl<'a> OfficeWritten<'a> {
    fn of(t: &'a TitleHit, office: &Office) -> Self {
        OfficeWritten {
            former: t.former,
            role: office.role,
            organization: t.organization.as_deref(),
            jurisdiction: t.jurisdiction.as_deref(),
            jurisdiction_type: office.jurisdiction_type,
        }
    }
}

/// The lookup keys of a title's office that are computed at once; the
/// organization's and jurisdiction's only when two titles written
/// differently are compared ([`LazyKeys`]).
struct Office {
    former: bool,
    /// The role's key, numbered (equal keys, equal numbers).
    role: u32,
    jurisdiction_type: Option<&'static str>,
}

/// The keys of one phrase of each title (its organization, say), each
/// computed on first use, in one buffer.
#[derive(Default)]
struct LazyKeys {
    keys: String,
    spans: Vec<Option<Range<usize>>>,
}

impl LazyKeys {
    /// Forgets the keys, for `titles` titles.
    fn reset(&mut self, titles: usize) {
        self.keys.clear();
        self.spans.clear();
        self.spans.resize(titles, None);
    }

    /// The key of title `k`'s phrase, written `written`.
    fn key(&mut self, k: usize, written: &str) -> Range<usize> {
        if let Some(span) = &self.spans[k] {
            return span.clone();
        }
        let start = self.keys.len();
        push_phrase_key(&mut self.keys, written);
        self.spans[k] = Some(start..self.keys.len());
        start..self.keys.len()
    }

    /// Equal keys, or either not written. The same spelling has the same
    /// key: no key is computed for it.
    fn compatible(&mut self, k: usize, x: Option<&str>, m: usize, y: Option<&str>) -> bool {
        match (x, y) {
            (Some(x), Some(y)) => {
                x == y || {
                    let (a, b) = (self.key(k, x), self.key(m, y));
                    self.keys[a] == self.keys[b]
                }
            }
            _ => true,
        }
    }
}

/// The type of a title's jurisdiction: the type word it starts with, or its bare type.
fn jurisdiction_type(t: &TitleHit) -> Option<&'static str> {
    const TYPES: [&str; 9] = [
        "thành phố",
        "tỉnh",
        "huyện",
        "quận",
        "thị xã",
        "xã",
        "phường",
        "thị trấn",
        "Việt Nam",
    ];
    match &t.jurisdiction {
        Some(j) => TYPES.iter().copied().find(|ty| j.starts_with(ty)),
        None => t.bare_type,
    }
}
