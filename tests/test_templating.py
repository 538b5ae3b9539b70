"""Templates compile once a process, and never stand in for a template whose source has changed."""

from pathlib import Path

from socialproof.templating import Templates


def test_a_changed_template_renders_as_it_is_now_in_a_new_set_of_templates(tmp_path: Path):
    page = tmp_path / "page.html"
    page.write_text("{{ _('Customer reviews') }}: {{ count }}")
    assert Templates(tmp_path).render("fi", "page.html", count=3) == "Asiakkaiden arvostelut: 3"
    assert Templates(tmp_path).render("en", "page.html", count=4) == "Customer reviews: 4"  # its code kept, reused
    page.write_text("{{ count }} {{ _('Customer reviews') }}")
    assert Templates(tmp_path).render("sv", "page.html", count=5) == "5 Kundrecensioner"
