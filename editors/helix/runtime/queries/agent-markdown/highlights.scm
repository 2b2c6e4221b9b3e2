; Agent definition files are Markdown: reuse Helix's Markdown queries.
; inherits: markdown
