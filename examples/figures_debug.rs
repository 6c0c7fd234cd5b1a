fn main() {
    for t in std::env::args().skip(1) {
        let doc = vnextract::Extractor::builder().categories(vnextract::Categories::FIGURES).build().extract(&t);
        println!("{t}: {}", serde_json::to_string(&doc.figures).unwrap());
    }
}
