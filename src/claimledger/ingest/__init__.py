"""Getting articles in: files, JSONL, pages and feeds (fetch/), then analysed and stored."""
