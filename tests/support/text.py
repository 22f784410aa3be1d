"""Text as a reader sees it: without the invisible isolates (common/lists.py `isolated`) that keep
names and places in their order in a right-to-left sentence."""


def plain(text: str) -> str:
    return text.replace("\u2068", "").replace("\u2069", "")
