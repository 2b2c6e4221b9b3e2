//! Unit tests of the workspace layer, through its public API only (`crate::workspace::...`), so
//! that they keep holding while its modules move: the index ([`index`]), what references and
//! links resolve to ([`resolve`]), rename plans ([`rename`]) and delegation as calls ([`calls`]).
//!
//! Each test writes a small workspace to a temporary folder (origins read plugin manifests and
//! links are checked on disk), indexes it, and puts its cursor with a `$0` marker in one file.
//! Places are compared as annotated source (`excerpt`): the line, and `^^^` under the range.

mod calls;
mod check;
mod complete;
mod index;
mod rename;
mod resolve;

use std::path::{Path, PathBuf};

use agentls_test_support::{Annotation, cursor, excerpt};

use crate::analysis::Settings;
use crate::analysis::summary::Span;
use crate::config;
use crate::syntax::Document;
use crate::text::PositionEncoding;
use crate::workspace::{Index, IndexEntry as Entry, summarize};

/// A workspace on disk and its index.
struct Ws {
    dir: tempfile::TempDir,
    index: Index,
    /// The file holding the `$0` marker (if any) and the marker's byte offset.
    cursor: Option<(PathBuf, usize)>,
}

impl Ws {
    /// Write `files` (`(relative path, text)`; one text may hold a `$0` cursor marker, which is
    /// removed) and index the folder as the server does.
    fn new(files: &[(&str, &str)]) -> Ws {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = dir.path().canonicalize().expect("a canonical folder");
        let mut marked = None;
        for (rel, text) in files {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            let text = if text.contains("$0") {
                assert!(marked.is_none(), "more than one file has a `$0`");
                let (text, at) = cursor(text);
                marked = Some((path.clone(), at));
                text
            } else {
                text.to_string()
            };
            std::fs::write(&path, text).unwrap();
        }
        let index = Index::build(&[root], &Settings::default(), PositionEncoding::Utf16);
        Ws {
            dir,
            index,
            cursor: marked,
        }
    }

    fn root(&self) -> PathBuf {
        self.dir.path().canonicalize().unwrap()
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    fn entry(&self, rel: &str) -> &Entry {
        self.index
            .get(&self.path(rel))
            .unwrap_or_else(|| panic!("{rel} is not indexed"))
    }

    /// The file with the `$0` and the marker's offset.
    fn cursor(&self) -> (&Path, usize) {
        let (path, at) = self.cursor.as_ref().expect("a file with a `$0` cursor");
        (path, *at)
    }

    fn rel(&self, path: &Path) -> String {
        path.strip_prefix(self.root())
            .unwrap_or_else(|_| panic!("{} is outside the workspace", path.display()))
            .to_string_lossy()
            .replace('\\', "/")
    }

    /// A span of a file as its relative path and the annotated line(s), with `label`.
    fn show(&self, path: &Path, span: &Span, label: &str) -> String {
        let text = std::fs::read_to_string(path).expect("read a workspace file");
        let a = Annotation::new(span.range(), '^', label);
        format!("{}\n{}", self.rel(path), excerpt(&text, &[a]))
    }

    /// Index `text` as the open buffer of `rel` (which need not exist on disk).
    fn open(&mut self, rel: &str, text: &str) -> bool {
        let path = self.path(rel);
        let dialect = config::classify(&Settings::default(), &path)
            .unwrap_or_else(|| panic!("{rel} is not an agent, skill or command file"));
        let file = summarize(
            &path,
            &Document::new(text),
            dialect,
            PositionEncoding::Utf16,
        );
        self.index.insert(file, true)
    }
}

/// `---\nname: <name>\ndescription: <description>\n---\n<body>`.
fn agent(name: &str, description: &str, body: &str) -> String {
    format!("---\nname: {name}\ndescription: {description}\n---\n{body}")
}
