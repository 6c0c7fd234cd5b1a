fn main() {
    for arg in std::env::args().skip(1) {
        let arg = arg.replace("\\n", "\n");
        for tone in [
            vnextract::TonePlacement::Keep,
            vnextract::TonePlacement::Modern,
            vnextract::TonePlacement::Traditional,
        ] {
            let o = vnextract::NormalizeOptions { tone };
            let n = vnextract::normalize(&arg, &o);
            let m = vnextract::normalize(n.text(), &o);
            println!(
                "{tone:?}: {:?} -> {:?} -> {:?} identity {} whole {:?}",
                arg,
                n.text(),
                m.text(),
                n.is_identity(),
                n.to_original(0..n.text().len())
            );
            let t = n.text();
            for p in 0..=t.len() {
                if t.is_char_boundary(p) {
                    print!("{}->{} ", p, n.to_original_offset(p));
                }
            }
            println!();
        }
    }
}
