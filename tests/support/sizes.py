"""A page's HTML does not grow with the data past its page size: people on weak connections use it."""


def html_size(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(response.content)


def assert_html_does_not_grow(client, url: str, grow, *, slack_bytes: int = 1024) -> None:
    """Render `url`, call `grow()` (which adds several pages' worth of rows), render again: the
    second page may differ by names and numbers (`slack_bytes`), not by the amount of data."""
    before = html_size(client, url)
    grow()
    after = html_size(client, url)
    assert after <= before + slack_bytes, f"{url}: {before} bytes, then {after} after the data grew"
