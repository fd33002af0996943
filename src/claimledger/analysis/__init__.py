"""Analysis of one article: run the pipeline within its limits and collect what it found."""
