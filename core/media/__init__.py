"""The media creators deliver: which formats are accepted, and the previews made of them."""
