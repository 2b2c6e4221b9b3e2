//! Path globs, for the settings (`dialects`) and the folders each target reads.

/// Match a glob with `**` (any folders), `*` (within one path segment) and `?`. A glob without a
/// `/` matches the file name anywhere; a relative glob matches at any depth.
pub fn glob_matches(glob: &str, path: &str) -> bool {
    let path = path.replace('\\', "/");
    let glob = if glob.starts_with('/') || glob.starts_with("**") {
        glob.to_string()
    } else {
        format!("**/{glob}")
    };
    let g: Vec<&str> = glob.trim_start_matches('/').split('/').collect();
    let p: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match_segments(&g, &p)
}

fn match_segments(g: &[&str], p: &[&str]) -> bool {
    match g.split_first() {
        None => p.is_empty(),
        Some((&"**", rest)) => (0..=p.len()).any(|i| match_segments(rest, &p[i..])),
        Some((seg, rest)) => {
            !p.is_empty()
                && match_segment(seg.as_bytes(), p[0].as_bytes())
                && match_segments(rest, &p[1..])
        }
    }
}

fn match_segment(g: &[u8], s: &[u8]) -> bool {
    match g.split_first() {
        None => s.is_empty(),
        Some((b'*', rest)) => (0..=s.len()).any(|i| match_segment(rest, &s[i..])),
        Some((b'?', rest)) => !s.is_empty() && match_segment(rest, &s[1..]),
        Some((c, rest)) => s.first() == Some(c) && match_segment(rest, &s[1..]),
    }
}
