//! A flat view of a document's items for the row- and page-shaped outputs
//! (CSV, TSV, table, HTML). It reads the document's JSON form, so every
//! field the core adds shows up without a change here.

use serde_json::{Map, Value};
use vnextract::Document;

/// The categories in the order they are shown.
pub const CATEGORIES: [&str; 6] = ["figures", "dates", "people", "titles", "places", "directives"];

/// Fields shown first for each category, in this order; any other field
/// follows in name order.
fn leading_fields(category: &str) -> &'static [&'static str] {
    match category {
        "figures" => &[
            "value",
            "value_max",
            "unit",
            "dimension",
            "qualifier",
            "target",
            "change",
            "metric",
            "period",
            "note",
        ],
        "people" => &["name", "honorific"],
        "titles" => &["role", "organization", "jurisdiction", "person"],
        "places" => &["name", "type", "code", "province", "successor"],
        "directives" => &[
            "action",
            "addressees",
            "issuer",
            "modality",
            "deadline",
            "deadline_value",
        ],
        "dates" => &["kind", "value"],
        _ => &[],
    }
}

/// One extracted item (one mention, for people).
#[derive(Clone, Debug)]
pub struct Item {
    /// `figures`, `dates`, ...
    pub category: &'static str,
    /// Position in its category's list (people: the person's position).
    pub index: usize,
    /// Character offsets.
    pub start: usize,
    /// Character offset, exclusive.
    pub end: usize,
    /// The text as written.
    pub text: String,
    /// Other fields, named, formatted, empty ones left out.
    pub fields: Vec<(String, String)>,
}

impl Item {
    /// The value of field `name`, or "".
    pub fn field(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// A stable id within the document: `figures-0`, `people-2`, ...
    pub fn id(&self) -> String {
        format!("{}-{}", self.category, self.index)
    }
}

/// Formats a JSON value for a cell: strings as they are, lists joined by
/// `; `, a linked unit as `code name`, null as nothing.
pub fn format_value(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(format_value).collect::<Vec<_>>().join("; "),
        Value::Object(map) => match (map.get("code"), map.get("name")) {
            (Some(code), Some(name)) => format!("{} {}", format_value(code), format_value(name)),
            _ => value.to_string(),
        },
        other => other.to_string(),
    }
}

fn ordered_fields(category: &str, map: &Map<String, Value>, skip: &[&str]) -> Vec<(String, String)> {
    let leading = leading_fields(category);
    let mut fields = Vec::new();
    for &name in leading {
        if let Some(v) = map.get(name) {
            fields.push((name.to_owned(), format_value(v)));
        }
    }
    for (name, v) in map {
        if !leading.contains(&name.as_str()) && !skip.contains(&name.as_str()) {
            fields.push((name.clone(), format_value(v)));
        }
    }
    fields.retain(|(_, v)| !v.is_empty());
    fields
}

/// Byte offset of every character of `text`, and of its end.
pub fn char_starts(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect()
}

/// The characters `start..end` of `text`, given its [`char_starts`]; empty when out of range.
pub fn char_slice<'t>(text: &'t str, starts: &[usize], start: usize, end: usize) -> &'t str {
    match (starts.get(start), starts.get(end)) {
        (Some(&a), Some(&b)) if a <= b => &text[a..b],
        _ => "",
    }
}

/// Every item of `document`, by category in [`CATEGORIES`] order, each in
/// text order. `text` is the text the offsets point into.
pub fn items(document: &Document, text: &str) -> Vec<Item> {
    let json = serde_json::to_value(document).unwrap_or(Value::Null);
    let starts = char_starts(text);
    let mut out = Vec::new();
    for category in CATEGORIES {
        let Some(list) = json.get(category).and_then(Value::as_array) else {
            continue;
        };
        for (index, item) in list.iter().enumerate() {
            let Some(map) = item.as_object() else { continue };
            let offset =
                |m: &Map<String, Value>, k: &str| m.get(k).and_then(Value::as_u64).unwrap_or(0) as usize;
            if category == "people" {
                let fields = ordered_fields(category, map, &["mentions", "short_mentions"]);
                let mentions = map
                    .get("mentions")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                for mention in mentions.iter().filter_map(Value::as_object) {
                    let (start, end) = (offset(mention, "start"), offset(mention, "end"));
                    out.push(Item {
                        category,
                        index,
                        start,
                        end,
                        text: char_slice(text, &starts, start, end).to_owned(),
                        fields: fields.clone(),
                    });
                }
            } else {
                out.push(Item {
                    category,
                    index,
                    start: offset(map, "start"),
                    end: offset(map, "end"),
                    text: map.get("text").map(format_value).unwrap_or_default(),
                    fields: ordered_fields(category, map, &["text", "start", "end"]),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use vnextract::document::{DateMention, Mention, Person};

    #[test]
    fn people_give_one_item_per_mention() {
        let text = "Ông Hà Văn A và Hà Văn A.";
        let doc = Document {
            people: vec![Person {
                name: "Hà Văn A".into(),
                honorific: Some("ông".into()),
                short_mentions: Vec::new(),
                mentions: vec![
                    Mention {
                        start: 4,
                        end: 12,
                        span: 0..0,
                    },
                    Mention {
                        start: 16,
                        end: 24,
                        span: 0..0,
                    },
                ],
            }],
            dates: vec![DateMention {
                text: "Ông".into(),
                start: 0,
                end: 3,
                value: "XXXX".into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        let items = items(&doc, text);
        assert_eq!(items.len(), 3);
        assert_eq!(items[0].category, "dates");
        assert_eq!(items[0].field("value"), "XXXX");
        assert_eq!(items[1].text, "Hà Văn A");
        assert_eq!(items[2].start, 16);
        assert_eq!(items[2].field("honorific"), "ông");
        assert_eq!(items[2].id(), "people-0");
    }

    #[test]
    fn values_format_for_cells() {
        assert_eq!(format_value(&serde_json::json!(["a", "b"])), "a; b");
        assert_eq!(
            format_value(&serde_json::json!({"code": "01", "name": "X"})),
            "01 X"
        );
        assert_eq!(format_value(&Value::Null), "");
        assert_eq!(char_slice("Hà Nội", &char_starts("Hà Nội"), 3, 6), "Nội");
        assert_eq!(char_slice("Hà", &char_starts("Hà"), 1, 9), "");
    }
}
