"""/favicon.ico answers with a real icon (browsers and feed readers ask for it without a <link>)."""

from PIL import Image


def test_favicon_ico_is_an_icon(client, tmp_path):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response["Cache-Control"] == "max-age=86400, public"
    icon = tmp_path / "favicon.ico"
    icon.write_bytes(b"".join(response.streaming_content))
    with Image.open(icon) as image:
        assert image.format == "ICO"
        assert (32, 32) in image.info["sizes"]


def test_favicon_answers_head_and_refuses_post(client):
    assert client.head("/favicon.ico").status_code == 200
    assert client.post("/favicon.ico").status_code == 405
