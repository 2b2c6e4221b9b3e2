fn main() {
    let src = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    let mut p = tree_sitter::Parser::new();
    p.set_language(&tree_sitter_yaml::LANGUAGE.into()).unwrap();
    let t = p.parse(&src, None).unwrap();
    fn walk(n: tree_sitter::Node, src: &str, d: usize, field: Option<&str>) {
        let txt = &src[n.byte_range()];
        let txt: String = txt.chars().take(40).collect();
        println!("{}{}{} {:?} {:?}{}", "  ".repeat(d), field.map(|f| format!("{f}: ")).unwrap_or_default(), n.kind(), n.byte_range(), txt, if n.is_missing() {" MISSING"} else {""});
        let mut c = n.walk();
        for (i, ch) in n.children(&mut c).enumerate() {
            walk(ch, src, d + 1, n.field_name_for_child(i as u32));
        }
    }
    walk(t.root_node(), &src, 0, None);
}
