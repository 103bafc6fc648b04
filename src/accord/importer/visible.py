"""Which of a page's characters the page shows.

A PDF can hold text nobody sees on the page: clipped away or outside the page.
LibreOffice Calc prints a merged cell that a page break cuts by drawing its text
where the whole merged range would put it, on every page the range crosses,
clipped to the part of the cell on that page: on a page where the text falls
outside that part, it sits in the margin or over the column header, hidden.
The words are still in the file, and pdfminer, which reads them, ignores
clipping: read as lines, they become a heading that is not on the page, or join
the header's text.

PDFium knows each text object's clipping path; `accord.importer.pdf` asks it
for every character's box and clip, and this module decides. Rectangles are
PDF user space: (left, bottom, right, top).
"""

from __future__ import annotations

from collections.abc import Iterable

Rect = tuple[float, float, float, float]


def intersection(rects: Iterable[Rect]) -> Rect | None:
    """Where all of `rects` overlap, None if nowhere (a clipping path is the
    intersection of every path clipped to since the state was saved).

    >>> intersection([(0, 0, 10, 10), (5, -5, 20, 8)])
    (5, 0, 10, 8)
    >>> intersection([(0, 0, 1, 1), (2, 2, 3, 3)]) is None
    True
    """
    left = bottom = float("-inf")
    right = top = float("inf")
    for x0, y0, x1, y1 in rects:
        left, bottom = max(left, x0), max(bottom, y0)
        right, top = min(right, x1), min(top, y1)
    if left > right or bottom > top:
        return None
    return (left, bottom, right, top)


def shows(box: Rect, region: Rect | None) -> bool:
    """Whether any of a character's box lies inside the region it may be seen
    in (its clip and the page): a glyph cut by the clip still shows its part.

    >>> shows((5, 5, 8, 12), (0, 0, 10, 10)), shows((5, 11, 8, 18), (0, 0, 10, 10))
    (True, False)
    """
    if region is None:
        return False
    return (
        box[0] < region[2]
        and box[2] > region[0]
        and box[1] < region[3]
        and box[3] > region[1]
    )


def within(box: Rect, region: Rect | None) -> bool:
    """Whether all of a box lies inside the region (to a hundredth of a point).

    >>> within((1, 1, 9, 9), (0, 0, 10, 10)), within((1, 1, 11, 9), (0, 0, 10, 10))
    (True, False)
    """
    if region is None:
        return False
    slack = 0.01
    return (
        box[0] >= region[0] - slack
        and box[1] >= region[1] - slack
        and box[2] <= region[2] + slack
        and box[3] <= region[3] + slack
    )


def same_line(box: Rect, extent: tuple[float, float]) -> bool:
    """Whether a box and a vertical extent (bottom, top) overlap by half the
    height of the shorter: one line of text.

    >>> same_line((0, 10, 5, 20), (12, 22)), same_line((0, 10, 5, 20), (18, 28))
    (True, False)
    """
    overlap = min(box[3], extent[1]) - max(box[1], extent[0])
    shorter = min(box[3] - box[1], extent[1] - extent[0])
    return shorter > 0 and overlap >= shorter / 2
