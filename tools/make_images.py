#!/usr/bin/env python3
"""Draw the starter-curriculum illustrations.

Every picture is drawn from simple shapes with Pillow: no text, no fonts and
no downloaded assets. Each one is drawn at twice the final size and then
scaled down (LANCZOS) for smooth edges, and saved as WebP into
curriculum/starter_content/images/, where the starter-content loader reads them.
The output is deterministic: nothing here is random.

Usage (needs only Pillow), from the repository root:

    python3 tools/make_images.py            # write every image
    python3 tools/make_images.py cover-drugs scene-drugs   # write only these
    python3 tools/make_images.py --out /tmp/pictures   # elsewhere, to compare

The list of images, with titles and licence, is in
curriculum/starter_content/images/manifest.yaml; keep the two in step when you
add a picture.
"""

import argparse
import math
import os
import sys

from PIL import Image, ImageDraw

W, H = 960, 600  # final size in pixels
S = 2  # supersampling factor
IMAGES_DIR = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    "curriculum",
    "starter_content",
    "images",
)

# One soft background colour per module.
BG = {
    "safe-migration": "#DDEFF8",  # light sky blue
    "labour-rights": "#FBE9D7",  # peach
    "hiv-and-health": "#E4F3F1",  # pale teal
    "drugs": "#ECE7F7",  # lavender
    "safe-city-living": "#E3F2E3",  # mint
    "feelings-and-help": "#FFF3D6",  # butter
    "growing-up": "#FBE8EE",  # blush pink
    "keeping-safe": "#E8F0FB",  # soft periwinkle
}

WHITE = "#FFFFFF"
PAPER = "#FFFDF7"
INK = "#3D4A5C"  # dark slate, used instead of black
LINE = "#C9D2DC"  # light grey lines on paper


# --------------------------------------------------------------------------
# Geometry helpers
# --------------------------------------------------------------------------


def catmull_rom(points, steps=24):
    """A smooth curve through the given points."""
    pts = [points[0]] + list(points) + [points[-1]]
    out = []
    for i in range(1, len(pts) - 2):
        p0, p1, p2, p3 = pts[i - 1], pts[i], pts[i + 1], pts[i + 2]
        for k in range(steps):
            t = k / steps
            t2, t3 = t * t, t * t * t
            x = 0.5 * (
                (2 * p1[0])
                + (-p0[0] + p2[0]) * t
                + (2 * p0[0] - 5 * p1[0] + 4 * p2[0] - p3[0]) * t2
                + (-p0[0] + 3 * p1[0] - 3 * p2[0] + p3[0]) * t3
            )
            y = 0.5 * (
                (2 * p1[1])
                + (-p0[1] + p2[1]) * t
                + (2 * p0[1] - 5 * p1[1] + 4 * p2[1] - p3[1]) * t2
                + (-p0[1] + 3 * p1[1] - 3 * p2[1] + p3[1]) * t3
            )
            out.append((x, y))
    out.append(points[-1])
    return out


def rotate(points, angle_deg, cx, cy):
    a = math.radians(angle_deg)
    ca, sa = math.cos(a), math.sin(a)
    return [
        (cx + (x - cx) * ca - (y - cy) * sa, cy + (x - cx) * sa + (y - cy) * ca) for x, y in points
    ]


def rrect_points(cx, cy, w, h, r, angle=0.0, steps=10):
    """Outline of a rounded rectangle centred on (cx, cy), rotated by angle."""
    r = min(r, w / 2, h / 2)
    x0, y0, x1, y1 = cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2
    corners = [
        (x1 - r, y0 + r, -90),
        (x1 - r, y1 - r, 0),
        (x0 + r, y1 - r, 90),
        (x0 + r, y0 + r, 180),
    ]
    pts = []
    for ccx, ccy, start in corners:
        for k in range(steps + 1):
            a = math.radians(start + 90 * k / steps)
            pts.append((ccx + r * math.cos(a), ccy + r * math.sin(a)))
    return rotate(pts, angle, cx, cy) if angle else pts


def heart_points(cx, cy, size, steps=120):
    """The classic parametric heart; size is about its full width."""
    k = size / 34.0
    pts = []
    for i in range(steps):
        t = 2 * math.pi * i / steps
        x = 16 * math.sin(t) ** 3
        y = 13 * math.cos(t) - 5 * math.cos(2 * t) - 2 * math.cos(3 * t) - math.cos(4 * t)
        pts.append((cx + x * k, cy - y * k - 2 * k))
    return pts


def arc_points(cx, cy, rx, ry, start, end, steps=60):
    """Points on an ellipse arc; angles in degrees, clockwise from 3 o'clock."""
    out = []
    for i in range(steps + 1):
        a = math.radians(start + (end - start) * i / steps)
        out.append((cx + rx * math.cos(a), cy + ry * math.sin(a)))
    return out


def star_points(cx, cy, r_out, r_in, n=5, angle=-90):
    pts = []
    for i in range(2 * n):
        r = r_out if i % 2 == 0 else r_in
        a = math.radians(angle + 180 * i / n)
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return pts


def mix(c1, c2, t):
    """Blend two #RRGGBB colours; t=0 gives c1, t=1 gives c2."""
    a = [int(c1[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(c2[i : i + 2], 16) for i in (1, 3, 5)]
    return "#{:02X}{:02X}{:02X}".format(
        *tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=False))
    )


# --------------------------------------------------------------------------
# Drawing surface (coordinates are in final 960x600 pixels)
# --------------------------------------------------------------------------


class Pic:
    def __init__(self, bg):
        self.bg = bg
        self.im = Image.new("RGB", (W * S, H * S), bg)
        self.d = ImageDraw.Draw(self.im)

    @staticmethod
    def _p(points):
        return [(x * S, y * S) for x, y in points]

    def poly(self, points, fill):
        self.d.polygon(self._p(points), fill=fill)

    def rect(self, x0, y0, x1, y1, fill, r=0):
        if r:
            self.d.rounded_rectangle([x0 * S, y0 * S, x1 * S, y1 * S], radius=r * S, fill=fill)
        else:
            self.d.rectangle([x0 * S, y0 * S, x1 * S, y1 * S], fill=fill)

    def rrect(self, cx, cy, w, h, r, fill, angle=0.0):
        self.poly(rrect_points(cx, cy, w, h, r, angle), fill)

    def ellipse(self, cx, cy, rx, ry, fill):
        self.d.ellipse([(cx - rx) * S, (cy - ry) * S, (cx + rx) * S, (cy + ry) * S], fill=fill)

    def circle(self, cx, cy, r, fill):
        self.ellipse(cx, cy, r, r, fill)

    def line(self, points, fill, width, caps=True):
        """A thick polyline.

        Drawn as one quad per segment, which stays clean on tight curves where
        ImageDraw.line leaves gaps and spikes. With caps, joints and both ends
        are round; without, the ends are cut square and joints are bevelled
        (invisible on finely sampled curves).
        """
        r = width / 2
        pts = [pt for i, pt in enumerate(points) if i == 0 or pt != points[i - 1]]
        normals = []
        for (x1, y1), (x2, y2) in zip(pts, pts[1:], strict=False):
            ln = math.hypot(x2 - x1, y2 - y1)
            nx, ny = -(y2 - y1) / ln * r, (x2 - x1) / ln * r
            normals.append((nx, ny))
            # overlap neighbouring quads a little so no hairline seams show
            ex, ey = (x2 - x1) / ln * 0.6, (y2 - y1) / ln * 0.6
            x1, y1, x2, y2 = x1 - ex, y1 - ey, x2 + ex, y2 + ey
            self.poly(
                [(x1 + nx, y1 + ny), (x2 + nx, y2 + ny), (x2 - nx, y2 - ny), (x1 - nx, y1 - ny)],
                fill,
            )
        for i in range(1, len(pts) - 1):
            x, y = pts[i]
            if caps:
                self.circle(x, y, r, fill)
            else:
                (ax, ay), (bx, by) = normals[i - 1], normals[i]
                self.poly([(x, y), (x + ax, y + ay), (x + bx, y + by)], fill)
                self.poly([(x, y), (x - ax, y - ay), (x - bx, y - by)], fill)
        if caps:
            for x, y in (pts[0], pts[-1]):
                self.circle(x, y, r, fill)

    def arc(self, cx, cy, r, start, end, fill, width, caps=True):
        self.line(arc_points(cx, cy, r, r, start, end), fill, width, caps)

    def shadow(self, cx, cy, rx, ry, amount=0.10):
        self.ellipse(cx, cy, rx, ry, mix(self.bg, INK, amount))

    def save(self, key, directory=IMAGES_DIR):
        im = self.im.resize((W, H), Image.LANCZOS)
        path = os.path.join(directory, key + ".webp")
        im.save(path, "WEBP", quality=75, method=6)
        return path


# --------------------------------------------------------------------------
# Reusable objects
# --------------------------------------------------------------------------


def draw_phone(p, cx, cy, w, h, body="#3D4A5C", screen="#EAF4FB"):
    p.rrect(cx, cy, w, h, w * 0.16, body)
    p.rrect(cx, cy + h * 0.01, w * 0.86, h * 0.80, w * 0.06, screen)
    p.rect(
        cx - w * 0.14, cy - h * 0.46, cx + w * 0.14, cy - h * 0.44 + 2, mix(body, WHITE, 0.3), r=3
    )
    p.circle(cx, cy + h * 0.455, w * 0.055, mix(body, WHITE, 0.3))


def draw_hand(p, cx, cy, scale, skin, shade, sleeve, angle=0.0):
    """A raised open hand, palm towards us; (cx, cy) is the palm centre."""
    k = scale

    def r(points):
        return rotate(points, angle, cx, cy) if angle else points

    def finger(bx, by, length, width, tilt):
        # a rounded finger standing on (bx, by), leaning by tilt degrees
        pts = rrect_points(bx, by - length / 2 + width / 2, width, length + width, width / 2)
        return rotate(pts, tilt, bx, by)

    # sleeve
    p.poly(r(rrect_points(cx, cy + 130 * k, 104 * k, 100 * k, 22 * k)), sleeve)
    p.poly(r(rrect_points(cx, cy + 88 * k, 116 * k, 26 * k, 13 * k)), mix(sleeve, INK, 0.15))
    # fingers, fanned slightly, with gaps between them
    for dx, length, tilt in ((-54, 96, -11), (-18, 120, -3.5), (19, 114, 3.5), (54, 88, 11)):
        p.poly(r(finger(cx + dx * k, cy - 40 * k, length * k, 31 * k, tilt)), skin)
    # thumb, out to the side
    p.poly(r(finger(cx - 58 * k, cy + 34 * k, 92 * k, 38 * k, -52)), skin)
    # palm
    p.poly(r(rrect_points(cx, cy + 8 * k, 148 * k, 150 * k, 50 * k)), skin)
    # gentle palm crease
    crease = arc_points(cx + 10 * k, cy - 4 * k, 48 * k, 44 * k, 115, 200, steps=20)
    p.line(r(crease), shade, 6 * k)


def draw_shadowed_paper(p, x0, y0, x1, y1, paper=PAPER, r=14, off=10):
    p.rect(x0 + off, y0 + off, x1 + off, y1 + off, mix(p.bg, INK, 0.10), r=r)
    p.rect(x0, y0, x1, y1, paper, r=r)


def tick(p, x, y, size, colour, width):
    p.line(
        [
            (x - size * 0.5, y),
            (x - size * 0.15, y + size * 0.38),
            (x + size * 0.55, y - size * 0.42),
        ],
        colour,
        width,
    )


def draw_plant_pot(p, cx, base_y, w, h, clay, rim):
    top_y = base_y - h
    p.poly(
        [
            (cx - w / 2, top_y),
            (cx + w / 2, top_y),
            (cx + w * 0.38, base_y),
            (cx - w * 0.38, base_y),
        ],
        clay,
    )
    p.rect(cx - w / 2 - 10, top_y - 8, cx + w / 2 + 10, top_y + 26, rim, r=8)


def leaf(p, x, y, length, width, angle, colour):
    """A pointed leaf starting at (x, y) and pointing along angle (degrees)."""
    pts = []
    steps = 24
    for i in range(steps + 1):
        t = i / steps
        pts.append((length * t, -width * math.sin(math.pi * t) ** 0.9))
    for i in range(steps, -1, -1):
        t = i / steps
        pts.append((length * t, width * math.sin(math.pi * t) ** 0.9))
    a = math.radians(angle)
    ca, sa = math.cos(a), math.sin(a)
    p.poly([(x + px * ca - py * sa, y + px * sa + py * ca) for px, py in pts], colour)


# --------------------------------------------------------------------------
# Module 1: safe migration
# --------------------------------------------------------------------------


def cover_safe_migration():
    p = Pic(BG["safe-migration"])
    sun, hill_far, hill, road, roof, city = (
        "#FFC94A",
        "#B9DDA6",
        "#8CC47C",
        "#F4DCAE",
        "#E07A5F",
        "#8FA9C6",
    )
    # sun and rays
    sx, sy = 330, 120
    p.circle(sx, sy, 58, sun)
    for i in range(12):
        a = math.radians(i * 30 + 15)
        p.line(
            [
                (sx + 78 * math.cos(a), sy + 78 * math.sin(a)),
                (sx + 100 * math.cos(a), sy + 100 * math.sin(a)),
            ],
            sun,
            9,
        )
    # distant city skyline on the horizon
    blds = [
        (560, 262),
        (600, 228),
        (644, 276),
        (676, 206),
        (722, 250),
        (760, 190),
        (806, 240),
        (846, 218),
        (890, 268),
    ]
    for i, (x, top) in enumerate(blds):
        w = 38 if i % 2 else 46
        p.rect(x, top, x + w, 350, city)
        for wy in range(top + 14, 330, 26):
            for wx in (x + 9, x + w - 17):
                p.rect(wx, wy, wx + 8, wy + 11, mix(city, WHITE, 0.45))
    # hills
    p.ellipse(250, 420, 420, 130, hill_far)
    p.ellipse(900, 440, 330, 110, hill_far)
    p.poly(
        [(0, 600)]
        + catmull_rom([(0, 380), (240, 350), (520, 365), (760, 345), (960, 360)])
        + [(960, 600)],
        hill,
    )
    # winding road from the house (front left) to the city (back right)
    centre = catmull_rom(
        [(250, 650), (262, 560), (340, 492), (500, 450), (620, 405), (690, 352)], steps=40
    )
    n = len(centre)
    left, right = [], []
    for i, (x, y) in enumerate(centre):
        x2, y2 = centre[min(i + 1, n - 1)]
        x1, y1 = centre[max(i - 1, 0)]
        dx, dy = x2 - x1, y2 - y1
        ln = math.hypot(dx, dy) or 1
        nx, ny = -dy / ln, dx / ln
        half = 72 * (1 - i / (n - 1)) ** 1.2 + 6
        left.append((x + nx * half, y + ny * half))
        right.append((x - nx * half, y - ny * half))
    p.poly([(128, 495), (162, 495), (250, 545), (215, 585)], road)  # path from the door
    p.poly(left + right[::-1], road)
    # dashed centre line, getting thinner with distance
    for i in range(0, n - 6, 14):
        seg = centre[i : i + 7]
        wdt = 9 * (1 - i / (n - 1)) + 1.5
        p.line(seg, WHITE, wdt)
    # trees
    for tx, ty, tr in ((60, 330, 34), (395, 340, 26), (880, 372, 22)):
        p.rect(tx - 5, ty, tx + 5, ty + tr + 14, "#9A6B4F")
        p.circle(tx, ty - 4, tr, "#5E9E5A")
    # village house (front left)
    p.rect(70, 395, 220, 500, "#FFF6E6")
    p.poly([(52, 402), (145, 318), (238, 402)], roof)
    p.rect(128, 440, 162, 500, "#B8664B", r=6)
    p.rect(178, 420, 206, 448, "#9CCBE8", r=4)
    p.rect(84, 420, 112, 448, "#9CCBE8", r=4)
    return p


def scene_safe_migration():
    p = Pic(BG["safe-migration"])
    blue, green, card = "#4F8CC9", "#4FAE7B", "#FFE7A8"
    # checklist paper
    draw_shadowed_paper(p, 110, 70, 470, 540)
    p.rect(110, 70, 470, 110, blue, r=14)
    p.rect(110, 96, 470, 110, blue)
    rows = [True, True, True, False]
    for i, done in enumerate(rows):
        y = 160 + i * 95
        p.rect(150, y - 26, 202, y + 26, mix(blue, WHITE, 0.85), r=10)
        if done:
            tick(p, 177, y, 40, green, 11)
        else:
            p.rect(150, y - 26, 202, y + 26, mix(blue, WHITE, 0.55), r=10)
            p.rect(158, y - 18, 194, y + 18, WHITE, r=6)
        p.rect(230, y - 18, 430 - (i % 2) * 60, y - 4, LINE, r=7)
        p.rect(230, y + 6, 360 - (i % 3) * 30, y + 18, mix(LINE, WHITE, 0.4), r=6)
    # phone
    p.shadow(618, 525, 90, 16)
    draw_phone(p, 610, 330, 170, 330)
    p.circle(610, 290, 42, mix(blue, WHITE, 0.2))
    tick(p, 610, 290, 44, WHITE, 10)
    p.rect(558, 360, 662, 374, LINE, r=7)
    p.rect(575, 390, 645, 402, LINE, r=6)
    # ID card
    cx, cy = 790, 395
    p.rrect(cx + 8, cy + 8, 250, 160, 16, mix(p.bg, INK, 0.10), angle=-8)
    p.rrect(cx, cy, 250, 160, 16, card, angle=-8)
    stripe = rotate(
        [
            (cx - 125, cy - 80 + 16),
            (cx + 125, cy - 80 + 16),
            (cx + 125, cy - 48),
            (cx - 125, cy - 48),
        ],
        -8,
        cx,
        cy,
    )
    p.poly(stripe, blue)
    head = rotate([(cx - 70, cy - 5)], -8, cx, cy)[0]
    body = rotate([(cx - 70, cy + 50)], -8, cx, cy)[0]
    p.ellipse(body[0], body[1], 38, 26, mix(blue, WHITE, 0.35))
    p.circle(head[0], head[1], 22, mix(blue, WHITE, 0.35))
    for j, (x0, x1) in enumerate(((cx - 20, cx + 95), (cx - 20, cx + 70), (cx - 20, cx + 85))):
        y = cy - 14 + j * 28
        p.line(rotate([(x0, y), (x1, y)], -8, cx, cy), mix(card, INK, 0.35), 10)
    return p


# --------------------------------------------------------------------------
# Module 2: labour rights
# --------------------------------------------------------------------------


def cover_labour_rights():
    p = Pic(BG["labour-rights"])
    yellow, yshade, blue = "#FFC531", "#E8A81C", "#3F6FB5"
    # contract paper, slightly turned
    cx, cy = 600, 290
    p.rrect(cx + 10, cy + 10, 300, 400, 14, mix(p.bg, INK, 0.10), angle=5)
    p.rrect(cx, cy, 300, 400, 14, PAPER, angle=5)

    def on_paper(points):
        return rotate(points, 5, cx, cy)

    p.line(on_paper([(cx - 110, cy - 150), (cx + 40, cy - 150)]), blue, 16)
    for j in range(5):
        y = cy - 95 + j * 40
        x1 = cx + 110 - (j % 3) * 30
        p.line(on_paper([(cx - 110, y), (x1, y)]), LINE, 10)
    # signature squiggle on a line
    # a looped, handwriting-like signature (a stretched trochoid)
    sig = []
    for i in range(121):
        t = 4.5 * math.pi * i / 120
        sig.append((cx - 25 + 8.5 * t - 15 * math.sin(t), cy + 126 - 15 * math.cos(t) - 1.2 * t))
    p.line(on_paper(sig), blue, 5)
    p.line(on_paper([(cx - 20, cy + 150), (cx + 115, cy + 150)]), mix(LINE, INK, 0.2), 4)
    # round seal
    seal = on_paper([(cx - 75, cy + 130)])[0]
    p.circle(seal[0], seal[1], 30, "#E2574C")
    p.circle(seal[0], seal[1], 18, mix("#E2574C", WHITE, 0.35))
    # pen lying across the lower right
    px, py, ang = 800, 430, -55
    body = rrect_points(px, py, 34, 230, 14, angle=ang)
    p.poly(
        rotate(rrect_points(px + 8, py + 8, 34, 230, 14), ang, px + 8, py + 8), mix(p.bg, INK, 0.10)
    )
    p.poly(body, blue)
    tip = rotate([(px - 17, py + 108), (px + 17, py + 108), (px, py + 160)], ang, px, py)
    p.poly(tip, "#F3D9B5")
    nib = rotate([(px - 6, py + 145), (px + 6, py + 145), (px, py + 160)], ang, px, py)
    p.poly(nib, INK)
    clip = rrect_points(px + 14, py - 60, 8, 90, 4, angle=0)
    p.poly(rotate(clip, ang, px, py), mix(blue, INK, 0.4))
    # hard hat on the left
    hx, hy = 250, 400
    p.shadow(hx + 10, hy + 52, 190, 26)
    p.poly([(hx - 130, hy)] + arc_points(hx, hy, 130, 140, 180, 360) + [(hx + 130, hy)], yellow)
    p.rect(hx - 180, hy - 12, hx + 180, hy + 30, yshade, r=16)
    p.poly(
        [(hx - 22, hy - 12)] + arc_points(hx, hy, 22, 150, 180, 360, 20) + [(hx + 22, hy - 12)],
        mix(yellow, WHITE, 0.35),
    )
    p.line(arc_points(hx, hy, 88, 104, 200, 250, 20), mix(yellow, WHITE, 0.45), 12)
    return p


def scene_labour_rights():
    p = Pic(BG["labour-rights"])
    teal, red, frame = "#2F8F8A", "#E2574C", "#F2A65A"
    # wall clock
    cx, cy, r = 300, 300, 185
    p.circle(cx + 10, cy + 12, r, mix(p.bg, INK, 0.10))
    p.circle(cx, cy, r, teal)
    p.circle(cx, cy, r - 24, PAPER)
    for i in range(12):
        a = math.radians(i * 30 - 90)
        r0 = r - 58 if i % 3 == 0 else r - 50
        w = 12 if i % 3 == 0 else 7
        p.line(
            [
                (cx + r0 * math.cos(a), cy + r0 * math.sin(a)),
                (cx + (r - 38) * math.cos(a), cy + (r - 38) * math.sin(a)),
            ],
            INK,
            w,
        )
    # hands at about five past eight: hour hand towards 8, minute towards 1
    ha = math.radians(8 * 30 + 2.5 - 90)
    ma = math.radians(1 * 30 - 90)
    p.line([(cx, cy), (cx + 80 * math.cos(ha), cy + 80 * math.sin(ha))], INK, 16)
    p.line([(cx, cy), (cx + 118 * math.cos(ma), cy + 118 * math.sin(ma))], INK, 11)
    p.circle(cx, cy, 16, red)
    # calendar page
    x0, y0, x1, y1 = 560, 120, 850, 500
    draw_shadowed_paper(p, x0, y0, x1, y1)
    p.rect(x0, y0, x1, y0 + 80, red, r=14)
    p.rect(x0, y0 + 50, x1, y0 + 80, red)
    for rx in (x0 + 70, x1 - 70):
        p.rect(rx - 9, y0 - 30, rx + 9, y0 + 22, frame, r=9)
    p.rect(x0 + 70, y0 + 30, x1 - 70, y0 + 48, mix(red, WHITE, 0.4), r=9)
    cols, rows = 5, 5
    gx0, gy0, cw, ch = x0 + 30, y0 + 108, 48, 50
    for rr in range(rows):
        for c in range(cols):
            x = gx0 + c * (cw + 2)
            y = gy0 + rr * (ch + 2)
            colour = mix(teal, WHITE, 0.80)
            if c >= 3:  # weekend days in a warmer tint
                colour = mix(frame, WHITE, 0.65)
            p.rect(x + 4, y + 4, x + cw - 4, y + ch - 4, colour, r=8)
    # one day ringed
    x = gx0 + 2 * (cw + 2)
    y = gy0 + 2 * (ch + 2)
    p.rect(x + 4, y + 4, x + cw - 4, y + ch - 4, teal, r=8)
    p.arc(x + cw / 2, y + ch / 2, 31, 0, 330, red, 6)
    return p


# --------------------------------------------------------------------------
# Module 3: HIV and health
# --------------------------------------------------------------------------


def cover_hiv_and_health():
    p = Pic(BG["hiv-and-health"])
    red, dark, pink = "#D63A47", "#A8263A", "#F08A8A"
    # awareness ribbon: a loop at the top, two tails crossing below it
    cx, cy = 330, 300
    back = catmull_rom(
        [
            (cx, cy + 10),
            (cx - 58, cy - 90),
            (cx - 40, cy - 160),
            (cx, cy - 178),
            (cx + 40, cy - 160),
            (cx + 58, cy - 90),
            (cx, cy + 10),
            (cx - 60, cy + 110),
            (cx - 105, cy + 200),
        ],
        30,
    )
    front = catmull_rom([(cx - 4, cy + 6), (cx + 60, cy + 110), (cx + 105, cy + 200)], 30)
    p.shadow(cx + 10, cy + 240, 150, 20)
    p.line(back, red, 58, caps=False)
    p.line(front, dark, 58, caps=False)
    # cut a small V notch into each tail end
    for curve in (back, front):
        (x1, y1), (x2, y2) = curve[-2], curve[-1]
        ln = math.hypot(x2 - x1, y2 - y1)
        dx, dy = (x2 - x1) / ln, (y2 - y1) / ln
        nx, ny = -dy * 30, dx * 30
        p.poly(
            [
                (x2 + nx + dx, y2 + ny + dy),
                (x2 - nx + dx, y2 - ny + dy),
                (x2 - dx * 22, y2 - dy * 22),
            ],
            p.bg,
        )
    # heart
    hx, hy = 660, 300
    p.shadow(hx + 8, 540, 160, 20)
    p.poly(heart_points(hx + 8, hy + 10, 340), mix(p.bg, INK, 0.10))
    p.poly(heart_points(hx, hy, 340), red)
    p.poly(heart_points(hx - 60, hy - 60, 70), pink)
    return p


def scene_hiv_and_health():
    p = Pic(BG["hiv-and-health"])
    wood, wood_dark, teal, orange = "#D9A46C", "#B57E4B", "#3E9C94", "#F2994A"
    # table
    p.rect(90, 390, 870, 430, wood, r=14)
    p.rect(90, 418, 870, 436, wood_dark, r=8)
    for lx in (140, 800):
        p.rect(lx, 430, lx + 26, 600, wood_dark, r=8)
    # two bowls of rice with chopsticks
    for bx, col in ((330, teal), (630, orange)):
        p.ellipse(bx, 300, 100, 46, WHITE)  # rice
        p.poly(arc_points(bx, 300, 115, 90, 0, 180), col)  # bowl
        p.ellipse(bx, 300, 115, 18, mix(col, INK, 0.15))
        p.ellipse(bx, 292, 98, 40, WHITE)
        p.ellipse(bx, 296, 96, 12, mix(WHITE, INK, 0.06))
        p.rect(bx - 38, 382, bx + 38, 392, mix(col, INK, 0.2), r=4)
        p.line([(bx + 20, 286), (bx + 130, 200)], wood_dark, 9)
        p.line([(bx + 40, 292), (bx + 148, 214)], wood_dark, 9)
    # two cups, one at each side
    for ux, col in ((170, orange), (790, teal)):
        p.line(arc_points(ux + 45, 330, 30, 28, -80, 80), col, 13, caps=False)
        p.poly([(ux - 48, 280), (ux + 48, 280), (ux + 38, 390), (ux - 38, 390)], col)
        p.ellipse(ux, 280, 48, 12, mix(col, INK, 0.25))
        p.ellipse(ux, 282, 40, 8, "#C98B55")
        for sx in (ux - 16, ux + 16):
            p.line(
                catmull_rom([(sx, 250), (sx + 10, 228), (sx - 8, 206), (sx + 4, 184)], 8),
                mix(p.bg, INK, 0.18),
                7,
            )
    # a small shared plate in the middle
    p.ellipse(480, 378, 70, 16, WHITE)
    for k, fx in enumerate((455, 482, 508)):
        p.circle(fx, 364 - (k % 2) * 8, 15, ("#E2574C", "#7BC46B", "#F2C14E")[k])
    return p


# --------------------------------------------------------------------------
# Module 4: drugs
# --------------------------------------------------------------------------


def draw_sweet(p, cx, cy, size, angle, body, stripe):
    """A wrapped sweet: round middle with twisted wrapper ends."""
    k = size
    left = [
        (cx - 0.55 * k, cy),
        (cx - 1.15 * k, cy - 0.5 * k),
        (cx - 1.05 * k, cy),
        (cx - 1.15 * k, cy + 0.5 * k),
    ]
    right = [
        (cx + 0.55 * k, cy),
        (cx + 1.15 * k, cy - 0.5 * k),
        (cx + 1.05 * k, cy),
        (cx + 1.15 * k, cy + 0.5 * k),
    ]
    p.poly(rotate(left, angle, cx, cy), mix(body, INK, 0.12))
    p.poly(rotate(right, angle, cx, cy), mix(body, INK, 0.12))
    p.poly(rotate(arc_points(cx, cy, 0.62 * k, 0.5 * k, 0, 360, 40), angle, cx, cy), body)
    for dx in (-0.25, 0.12):
        s = rotate(
            [
                (cx + dx * k, cy - 0.46 * k),
                (cx + (dx + 0.14) * k, cy - 0.46 * k),
                (cx + (dx + 0.02) * k, cy + 0.46 * k),
                (cx + (dx - 0.12) * k, cy + 0.46 * k),
            ],
            angle,
            cx,
            cy,
        )
        p.poly(s, stripe)


def cover_drugs():
    p = Pic(BG["drugs"])
    skin, shade, coral, sleeve = "#F5CDA8", "#DDA57E", "#EF6F5E", "#6B8FD6"
    # a soft "stop" octagon behind the raised hand
    octagon = [
        (
            340 + 240 * math.cos(math.radians(22.5 + 45 * i)),
            300 + 240 * math.sin(math.radians(22.5 + 45 * i)),
        )
        for i in range(8)
    ]
    inner = [
        (
            340 + 222 * math.cos(math.radians(22.5 + 45 * i)),
            300 + 222 * math.sin(math.radians(22.5 + 45 * i)),
        )
        for i in range(8)
    ]
    p.poly([(x + 8, y + 10) for x, y in octagon], mix(p.bg, INK, 0.10))
    p.poly(octagon, WHITE)
    p.poly(inner, coral)
    draw_hand(p, 350, 320, 1.3, skin, shade, sleeve)
    # sweets
    draw_sweet(p, 720, 170, 68, -15, "#F25F7A", "#FFD1DA")
    draw_sweet(p, 790, 330, 68, 20, "#F5B82E", "#FFF0B8")
    draw_sweet(p, 700, 480, 62, -5, "#3FB7A6", "#C9F1EA")
    return p


def scene_drugs():
    p = Pic(BG["drugs"])
    purple, tea, pearl, amber = "#7B5CC4", "#E8C39E", "#5A3E36", "#F2A33A"
    # small packets (sachets with crimped ends)
    packets = [
        (175, 150, -10, "#F25F7A"),
        (305, 235, 9, "#3FB7A6"),
        (160, 320, 5, "#5B8DEF"),
        (300, 410, -8, amber),
        (170, 490, 12, "#7BC46B"),
    ]
    for x, y, ang, col in packets:
        p.rrect(x + 6, y + 8, 110, 76, 10, mix(p.bg, INK, 0.10), angle=ang)
        p.rrect(x, y, 110, 76, 10, col, angle=ang)
        for side in (-1, 1):
            teeth = []
            for t in range(7):
                ty = y - 38 + t * 12.6
                teeth.append((x + side * 55, ty))
                teeth.append((x + side * 63, ty + 6.3))
            teeth.append((x + side * 55, y + 38))
            edge = [(x + side * 44, y - 38)] + teeth + [(x + side * 44, y + 38)]
            p.poly(rotate(edge, ang, x, y), mix(col, INK, 0.15))
        p.circle(*rotate([(x, y)], ang, x, y)[0], 16, mix(col, WHITE, 0.55))
    # milk-tea cup with pearls, dome lid and straw
    cx, top, bot = 560, 230, 540
    p.shadow(cx + 6, bot + 6, 110, 16)
    p.line([(cx + 20, top - 20), (cx + 70, top - 170)], purple, 22)
    p.poly(
        [(cx - 100, top), (cx + 100, top), (cx + 78, bot), (cx - 78, bot)], mix(tea, WHITE, 0.25)
    )
    p.poly([(cx - 96, top + 50), (cx + 96, top + 50), (cx + 78, bot), (cx - 78, bot)], tea)
    for _j, (px, py) in enumerate(
        [
            (-52, 500),
            (-18, 510),
            (18, 500),
            (52, 508),
            (-35, 470),
            (0, 478),
            (36, 470),
            (-58, 445),
            (60, 440),
        ]
    ):
        p.circle(cx + px, py, 15, pearl)
        p.circle(cx + px - 5, py - 5, 4, mix(pearl, WHITE, 0.4))
    p.poly(
        [(cx - 110, top)] + arc_points(cx, top, 110, 60, 180, 360) + [(cx + 110, top)],
        mix(tea, WHITE, 0.55),
    )
    p.rect(cx - 116, top - 8, cx + 116, top + 12, WHITE, r=8)
    p.rect(cx - 78, 330, cx + 78, 356, purple)  # cup band
    # question mark made of shapes
    qx, qy = 800, 190
    p.arc(qx, qy, 58, 180, 410, purple, 34)
    end = (qx + 58 * math.cos(math.radians(410)), qy + 58 * math.sin(math.radians(410)))
    p.line([end, (qx, qy + 88), (qx, qy + 118)], purple, 34)
    p.circle(qx, qy + 185, 22, purple)
    return p


# --------------------------------------------------------------------------
# Module 5: safe city living
# --------------------------------------------------------------------------


def pin_points(cx, cy, r, tip):
    """A map pin: circle of radius r at (cx, cy) with a point at y = tip."""
    # the two sides run from the tip to where they touch the circle
    ang = math.degrees(math.acos(r / (tip - cy)))
    pts = arc_points(cx, cy, r, r, 90 + ang, 90 + 360 - ang, 80)
    return pts + [(cx, tip)]


def cover_safe_city_living():
    p = Pic(BG["safe-city-living"])
    b1, b2, b3, red = "#7FA6C9", "#F2B880", "#9CC98F", "#E2574C"
    win = mix(WHITE, b1, 0.1)
    ground = 520
    p.rect(0, ground, 960, 600, mix(p.bg, INK, 0.12))
    blds = [
        (60, 300, 150, b2),
        (210, 200, 130, b1),
        (340, 330, 110, b3),
        (520, 250, 120, b2),
        (640, 160, 140, b1),
        (780, 320, 130, b3),
    ]
    for x, top, w, col in blds:
        p.rect(x, top, x + w, ground, col, r=6)
        p.rect(x - 6, top - 8, x + w + 6, top + 10, mix(col, INK, 0.18), r=6)
        for wy in range(top + 32, ground - 50, 48):
            for wx in range(x + 20, x + w - 30, 40):
                p.rect(wx, wy, wx + 22, wy + 28, win, r=4)
        p.rect(x + w / 2 - 18, ground - 52, x + w / 2 + 18, ground, mix(col, INK, 0.3), r=6)
    # big map pin above the middle
    cx, cy, r, tip = 480, 185, 92, 420
    p.poly(pin_points(cx + 8, cy + 8, r, tip + 8), mix(red, INK, 0.35))
    p.poly(pin_points(cx, cy, r, tip), red)
    p.circle(cx, cy, 40, WHITE)
    return p


def scene_safe_city_living():
    p = Pic(BG["safe-city-living"])
    red, blue, orange, gold, gold_dark = "#E2574C", "#3F6FB5", "#F29B38", "#F2C14E", "#C99A2E"
    # emergency card
    x0, y0, x1, y1 = 110, 90, 520, 510
    draw_shadowed_paper(p, x0, y0, x1, y1, r=22)
    p.rect(x0, y0, x1, y0 + 60, "#5FAE8A", r=22)
    p.rect(x0, y0 + 36, x1, y0 + 60, "#5FAE8A")
    for i, col in enumerate((red, blue, orange)):
        y = 200 + i * 110
        bx = 190
        p.circle(bx, y, 44, col)
        if i == 0:  # health: a white cross
            p.rect(bx - 8, y - 25, bx + 8, y + 25, WHITE, r=3)
            p.rect(bx - 25, y - 8, bx + 25, y + 8, WHITE, r=3)
        elif i == 1:  # police: a star
            p.poly(star_points(bx, y, 28, 12), WHITE)
        else:  # fire: a flame
            flame = [
                (bx, y + 30),
                (bx - 19, y + 20),
                (bx - 24, y + 2),
                (bx - 17, y - 22),
                (bx - 7, y - 6),
                (bx + 2, y - 36),
                (bx + 17, y - 14),
                (bx + 20, y - 24),
                (bx + 25, y + 2),
                (bx + 19, y + 20),
            ]
            p.poly(catmull_rom(flame + flame[:1], 10), WHITE)
            inner = [
                (bx, y + 28),
                (bx - 11, y + 18),
                (bx - 9, y + 2),
                (bx + 1, y - 12),
                (bx + 11, y + 4),
                (bx + 11, y + 18),
            ]
            p.poly(catmull_rom(inner + inner[:1], 10), mix(col, WHITE, 0.45))
        # number as a row of dots (no digits)
        for k in range(3):
            p.circle(270 + k * 40, y, 13, mix(col, WHITE, 0.2))
        p.rect(270 + 3 * 40 - 10, y - 8, 460, y + 8, LINE, r=8)
    # house key on a ring
    kx, ky = 740, 300
    ang = -30
    ring, hole = (kx - 70, ky - 70, 68), (kx - 22, ky - 22, 24)
    p.arc(ring[0], ring[1], ring[2], 0, 360, "#8C9BAB", 9)
    p.poly(rotate(rrect_points(kx + 8, ky + 140, 44, 300, 14), ang, kx, ky), mix(p.bg, INK, 0.10))
    shaft = rotate(rrect_points(kx, ky + 130, 40, 300, 14), ang, kx, ky)
    p.poly(shaft, gold)
    teeth = rotate(
        [
            (kx + 18, ky + 190),
            (kx + 62, ky + 190),
            (kx + 62, ky + 215),
            (kx + 45, ky + 215),
            (kx + 45, ky + 235),
            (kx + 62, ky + 235),
            (kx + 62, ky + 268),
            (kx + 18, ky + 268),
        ],
        ang,
        kx,
        ky,
    )
    p.poly(teeth, gold)
    p.circle(kx + 6, ky + 6, 90, mix(p.bg, INK, 0.10))
    p.circle(kx, ky, 90, gold)
    p.circle(kx, ky, 82, mix(gold, WHITE, 0.25))
    p.circle(kx, ky, 72, gold)
    p.circle(hole[0], hole[1], hole[2], p.bg)
    groove = rotate([(kx, ky + 100), (kx, ky + 260)], ang, kx, ky)
    p.line(groove, gold_dark, 7)
    # the ring shows again where it passes through the hole
    through = [
        pt
        for pt in arc_points(ring[0], ring[1], ring[2], ring[2], 0, 360, 180)
        if math.hypot(pt[0] - hole[0], pt[1] - hole[1]) < hole[2] - 2
    ]
    if len(through) > 1:
        p.line(through, "#8C9BAB", 9, caps=False)
    return p


# --------------------------------------------------------------------------
# Module 6: feelings and help
# --------------------------------------------------------------------------


def bubble(p, x0, y0, x1, y1, col, tail_x, tail_dir, r=60):
    """A rounded speech bubble with a small tail at the bottom."""
    p.poly([(tail_x - 30, y1 - 20), (tail_x + 30, y1 - 20), (tail_x + tail_dir * 70, y1 + 70)], col)
    p.rect(x0, y0, x1, y1, col, r=r)


def cover_feelings_and_help():
    p = Pic(BG["feelings-and-help"])
    orange, teal, red = "#F29B52", "#4DA8A0", "#E2574C"
    sh = mix(p.bg, INK, 0.10)
    bubble(p, 98, 98, 528, 398, sh, 210, -1)
    bubble(p, 90, 90, 520, 390, orange, 200, -1)
    p.poly(heart_points(305, 245, 200), WHITE)
    p.poly(heart_points(305, 245, 160), red)
    bubble(p, 498, 218, 868, 468, sh, 770, 1)
    bubble(p, 490, 210, 860, 460, teal, 760, 1)
    for k in range(3):
        p.circle(600 + k * 75, 335, 22, WHITE)
    return p


def scene_feelings_and_help():
    p = Pic(BG["feelings-and-help"])
    teal, orange, red, env = "#4DA8A0", "#F29B52", "#E2574C", "#FFFFFF"
    # phone with a voice message
    cx, cy = 330, 300
    p.shadow(cx + 10, 560, 120, 18)
    p.rrect(cx + 10, cy + 10, 250, 480, 40, mix(p.bg, INK, 0.10))
    draw_phone(p, cx, cy, 250, 480)
    # incoming voice message bubble
    p.rect(cx - 95, cy - 120, cx + 95, cy - 40, teal, r=30)
    p.poly([(cx - 70, cy - 120), (cx + 70, cy - 40), (cx - 40, cy - 40)], teal)
    p.poly([(cx - 72, cy - 98), (cx - 72, cy - 62), (cx - 44, cy - 80)], WHITE)
    heights = [14, 30, 46, 26, 38, 52, 30, 18, 36, 22]
    for i, hgt in enumerate(heights):
        x = cx - 28 + i * 12
        p.line([(x, cy - 80 - hgt / 2), (x, cy - 80 + hgt / 2)], WHITE, 6)
    # a reply being recorded
    p.rect(cx - 95, cy + 10, cx + 95, cy + 90, orange, r=30)
    heights2 = [20, 40, 28, 50, 34, 22, 44, 30, 16, 26, 12]
    for i, hgt in enumerate(heights2):
        x = cx - 70 + i * 13
        p.line([(x, cy + 50 - hgt / 2), (x, cy + 50 + hgt / 2)], WHITE, 6)
    p.circle(cx, cy + 165, 34, red)
    p.rrect(cx, cy + 160, 18, 32, 9, WHITE)
    p.arc(cx, cy + 160, 16, 20, 160, WHITE, 4)
    # envelope
    ex0, ey0, ex1, ey1 = 540, 190, 880, 420
    mid = (ex0 + ex1) / 2
    p.rect(ex0 + 10, ey0 + 10, ex1 + 10, ey1 + 10, mix(p.bg, INK, 0.10), r=14)
    p.rect(ex0, ey0, ex1, ey1, env, r=14)
    p.poly([(ex0 + 6, ey1 - 6), (mid, ey0 + 130), (ex1 - 6, ey1 - 6)], mix(env, orange, 0.15))
    p.poly([(ex0 + 4, ey0 + 6), (ex1 - 4, ey0 + 6), (mid, ey0 + 140)], mix(env, orange, 0.35))
    p.poly(heart_points(mid, ey0 + 140, 64), red)
    return p


# --------------------------------------------------------------------------
# Module 7: growing up
# --------------------------------------------------------------------------


def cover_growing_up():
    p = Pic(BG["growing-up"])
    clay, rim, green, dark, trunk = "#E08A5F", "#C9704A", "#6DBE5A", "#3F9A52", "#9A6B4F"
    ground = 520
    p.rect(0, ground, 960, 600, mix(p.bg, INK, 0.08))
    xs = (180, 480, 780)
    for x in xs:
        p.shadow(x, ground + 4, 95, 14)
    # 1. seedling
    x = xs[0]
    p.line([(x, 410), (x, 372)], dark, 10)
    leaf(p, x, 376, 62, 20, -150, green)
    leaf(p, x, 376, 62, 20, -30, green)
    # 2. young plant
    x = xs[1]
    p.line(catmull_rom([(x, 410), (x - 6, 330), (x + 4, 260), (x, 230)], 10), dark, 12)
    for yy, dirn, ln in ((360, -1, 80), (320, 1, 84), (280, -1, 72), (250, 1, 64)):
        leaf(p, x, yy, ln, 24, -90 + dirn * 62, green)
    leaf(p, x, 236, 58, 20, -90, green)
    # 3. small tree
    x = xs[2]
    p.poly([(x - 14, 412), (x + 14, 412), (x + 9, 240), (x - 9, 240)], trunk)
    p.line([(x, 300), (x + 50, 250)], trunk, 12)
    p.line([(x, 320), (x - 46, 272)], trunk, 12)
    for dx, dy, rr in ((0, -20, 105), (-70, 10, 70), (70, 15, 72), (-40, -80, 70), (45, -75, 74)):
        p.circle(x + dx, 200 + dy, rr, dark)
    for dx, dy, rr in ((-8, -30, 80), (-60, 0, 52), (58, 0, 54), (-30, -84, 50), (40, -80, 54)):
        p.circle(x + dx, 200 + dy, rr, green)
    for dx, dy in ((-40, -20), (30, 20), (10, -90)):
        p.circle(x + dx, 200 + dy, 10, "#F25F7A")
    # pots last so stems sit inside them
    for x in xs:
        draw_plant_pot(p, x, ground, 140, 110, clay, rim)
    # small growth arrows between the pots
    for ax in (330, 630):
        p.line([(ax - 40, 470), (ax + 36, 470)], mix(p.bg, INK, 0.35), 10)
        p.poly([(ax + 30, 450), (ax + 60, 470), (ax + 30, 490)], mix(p.bg, INK, 0.35))
    return p


def scene_growing_up():
    p = Pic(BG["growing-up"])
    skin, shade, blue, gold = "#F5CDA8", "#DDA57E", "#4F7FC9", "#F2C14E"
    p.circle(480, 300, 250, mix(p.bg, WHITE, 0.6))
    draw_hand(p, 480, 330, 1.45, skin, shade, "#E58BA8")
    # shield in front of the palm
    cx, top, w, h = 480, 200, 240, 300

    def shield(cx, top, w, h):
        half = w / 2
        pts = [(cx - half, top + 20)]
        pts += catmull_rom(
            [
                (cx - half, top + 20),
                (cx - half * 0.5, top + 8),
                (cx, top - 14),
                (cx + half * 0.5, top + 8),
                (cx + half, top + 20),
            ],
            10,
        )
        pts += catmull_rom(
            [
                (cx + half, top + 20),
                (cx + half * 0.98, top + h * 0.45),
                (cx + half * 0.7, top + h * 0.75),
                (cx, top + h),
            ],
            14,
        )
        pts += catmull_rom(
            [
                (cx, top + h),
                (cx - half * 0.7, top + h * 0.75),
                (cx - half * 0.98, top + h * 0.45),
                (cx - half, top + 20),
            ],
            14,
        )
        return pts

    p.poly(shield(cx + 10, top + 12, w, h), mix(p.bg, INK, 0.18))
    p.poly(shield(cx, top, w, h), blue)
    p.poly(shield(cx, top + 22, w - 44, h - 52), mix(blue, WHITE, 0.25))
    tick(p, cx, top + 125, 110, gold, 26)
    return p


# --------------------------------------------------------------------------
# Module 8: keeping safe (ages 6-9)
# --------------------------------------------------------------------------

SKIN = ("#F5CDA8", "#E9B48A", "#D9A077")  # three warm skin tones
HAIR = ("#3B2F2A", "#4A3A30", "#2E2A28")
GREY_HAIR = "#C9CCD3"
POLICE = "#2F5597"  # uniform blue
SAFE_BLUE, SAFE_GREEN, SAFE_CORAL, SAFE_GOLD = "#4F8CC9", "#4FAE7B", "#EF6F5E", "#F2C14E"


def draw_person(
    p,
    cx,
    feet,
    h,
    skin,
    hair,
    top,
    bottom,
    *,
    child=True,
    hair_style="short",
    arms=((-0.16, 0.30), (0.16, 0.30)),
    stride=0.0,
    dress=False,
    cap=None,
):
    """A simple, friendly standing figure whose feet touch y = feet.

    h is the full height. arms gives each hand's position relative to the
    shoulder it hangs from, in units of h (x to the right, y down); four numbers
    give the elbow first, then the hand. stride
    spreads the feet for a walking or running figure. hair_style is one of
    short, pigtails, bob, bun (grey-haired grandmother) or none (under a cap).
    """
    r = h * (0.135 if child else 0.105)
    hy = feet - h + r
    neck = hy + r * 0.95
    torso = h * (0.34 if child else 0.36)
    hip = neck + torso
    tw = h * (0.27 if child else 0.25)
    lw = h * 0.085
    shoe = mix(bottom, INK, 0.55)
    # legs and shoes
    for side in (-1, 1):
        fx = cx + side * (h * 0.06 + stride * h * 0.5)
        p.line(
            [(cx + side * h * 0.06, hip - lw), (fx, feet - lw * 0.6)], skin if dress else bottom, lw
        )
        p.ellipse(fx + side * lw * 0.25, feet - lw * 0.35, lw * 0.75, lw * 0.42, shoe)
    # arms, behind the body
    sy = neck + h * 0.05
    hands = []
    for arm, side in zip(arms, (-1, 1), strict=True):
        sx = cx + side * tw * 0.38
        # (hand x, hand y) or (elbow x, elbow y, hand x, hand y)
        joints = [(sx + arm[i] * h, sy + arm[i + 1] * h) for i in range(0, len(arm), 2)]
        hx, hyy = joints[-1]
        p.line([(sx, sy)] + joints, top, lw * 0.95)
        p.circle(hx, hyy, lw * 0.62, skin)
        hands.append((hx, hyy))
    # body
    if dress:
        p.poly(
            [
                (cx - tw * 0.42, neck),
                (cx + tw * 0.42, neck),
                (cx + tw * 0.72, hip + h * 0.06),
                (cx - tw * 0.72, hip + h * 0.06),
            ],
            top,
        )
        p.rect(cx - tw * 0.42, neck - 2, cx + tw * 0.42, neck + h * 0.12, top, r=h * 0.04)
    else:
        p.rect(cx - tw / 2, neck, cx + tw / 2, hip + lw * 0.2, top, r=h * 0.05)
        p.rect(cx - tw / 2, hip - h * 0.05, cx + tw / 2, hip + lw * 0.3, bottom, r=h * 0.03)
    # hair behind the head
    if hair_style == "pigtails":
        for side in (-1, 1):
            p.circle(cx + side * r * 1.02, hy + r * 0.25, r * 0.36, hair)
    elif hair_style == "bob":
        p.rect(cx - r * 1.06, hy - r * 0.3, cx + r * 1.06, hy + r * 0.95, hair, r=r * 0.4)
    elif hair_style == "bun":
        p.circle(cx, hy - r * 1.02, r * 0.4, hair)
    if hair_style != "none":
        p.circle(cx, hy - r * 0.06, r * 1.05, hair)
    # face
    p.ellipse(cx, hy + r * 0.1, r * 0.92, r * 0.88, skin)
    if hair_style != "none":
        p.poly(arc_points(cx, hy - r * 0.12, r * 0.96, r * 0.5, 180, 360, 30), hair)
    for side in (-1, 1):
        p.circle(cx + side * r * 0.34, hy + r * 0.16, r * 0.09, INK)
        p.circle(cx + side * r * 0.55, hy + r * 0.42, r * 0.13, mix(skin, SAFE_CORAL, 0.35))
    p.line(arc_points(cx, hy + r * 0.3, r * 0.3, r * 0.24, 25, 155, 12), INK, r * 0.08)
    if cap:
        p.poly(arc_points(cx, hy - r * 0.2, r * 1.0, r * 0.85, 180, 360, 30), cap)
        p.rect(
            cx - r * 1.02,
            hy - r * 0.32,
            cx + r * 1.02,
            hy - r * 0.08,
            mix(cap, INK, 0.3),
            r=r * 0.1,
        )
        p.poly(star_points(cx, hy - r * 0.6, r * 0.24, r * 0.1), SAFE_GOLD)
    return hy, r, hands


def draw_ground(p, y, colour=None):
    p.rect(0, y, 960, 600, colour or mix(p.bg, INK, 0.08))


def cover_keeping_safe():
    p = Pic(BG["keeping-safe"])
    hill, roof, wall, door = "#9BD08A", "#E07A5F", "#FFF6E6", "#B8664B"
    sun = "#FFC94A"
    p.circle(140, 110, 52, sun)
    for i in range(10):
        a = math.radians(i * 36)
        p.line(
            [
                (140 + 70 * math.cos(a), 110 + 70 * math.sin(a)),
                (140 + 90 * math.cos(a), 110 + 90 * math.sin(a)),
            ],
            sun,
            8,
        )
    p.poly(
        [(0, 600)] + catmull_rom([(0, 470), (300, 440), (660, 452), (960, 430)]) + [(960, 600)],
        hill,
    )
    # umbrella over the house: five coloured panels between curved ribs
    ux, uy, ur, ry = 480, 262, 250, 180
    p.shadow(ux, 476, 170, 14)

    def rib(x):
        if x < ux:
            return arc_points(ux, uy, ux - x, ry, 270, 180, 24)
        return arc_points(ux, uy, x - ux, ry, 270, 360, 24)

    n = 5
    xs = [ux - ur + i * 2 * ur / n for i in range(n + 1)]
    cols = (SAFE_CORAL, SAFE_GOLD, SAFE_GREEN, SAFE_BLUE, "#9B7BD4")
    for i in range(n):
        mid, half = (xs[i] + xs[i + 1]) / 2, (xs[i + 1] - xs[i]) / 2
        edge = arc_points(mid, uy, half, 22, 180, 0, 16)
        p.poly(rib(xs[i]) + edge + rib(xs[i + 1])[::-1], cols[i])
    p.circle(ux, uy - ry - 8, 13, INK)
    p.line([(ux, uy - ry), (ux, 330)], INK, 10)
    # house under it
    hx, hy = 480, 470
    p.rect(hx - 110, hy - 150, hx + 110, hy, wall, r=6)
    p.poly([(hx - 135, hy - 140), (hx, hy - 235), (hx + 135, hy - 140)], roof)
    p.rect(hx - 30, hy - 95, hx + 30, hy, door, r=8)
    p.poly(heart_points(hx, hy - 58, 34), "#FFD1DA")
    for wx in (hx - 80, hx + 50):
        p.rect(wx, hy - 120, wx + 36, hy - 84, "#9CCBE8", r=5)
    # a heart floating next to it
    p.poly(heart_points(800, 330, 90), SAFE_CORAL)
    p.poly(heart_points(785, 315, 22), mix(SAFE_CORAL, WHITE, 0.45))
    return p


def scene_keeping_safe_body():
    """A child with a raised hand, inside a soft circle of her own space."""
    p = Pic(BG["keeping-safe"])
    draw_ground(p, 500)
    p.circle(480, 300, 235, mix(p.bg, WHITE, 0.55))
    p.arc(480, 300, 235, 0, 360, mix(p.bg, SAFE_BLUE, 0.35), 8)
    p.shadow(480, 505, 95, 14)
    hy, r, hands = draw_person(
        p,
        480,
        500,
        390,
        SKIN[1],
        HAIR[0],
        SAFE_CORAL,
        SAFE_BLUE,
        hair_style="pigtails",
        arms=((-0.26, -0.20), (0.10, 0.30)),
    )
    # palm of the raised hand, facing us
    hx, hy2 = hands[0]
    p.circle(hx, hy2, 30, SKIN[1])
    for k, dx in enumerate((-20, -7, 7, 20)):
        p.rrect(hx + dx, hy2 - 30 - (k % 3) * 3, 12, 36, 6, SKIN[1])
    p.rrect(hx + 30, hy2 + 4, 12, 30, 6, SKIN[1], angle=-50)
    p.poly(heart_points(480, hy + r * 2.25, 40), WHITE)
    return p


def scene_keeping_safe_tell():
    """A child telling her teacher something; a speech bubble holds a heart."""
    p = Pic(BG["keeping-safe"])
    draw_ground(p, 520)
    # classroom wall with a board
    p.rect(620, 90, 900, 250, "#5E8C6A", r=10)
    p.rect(630, 100, 890, 240, "#6FA37C", r=6)
    p.shadow(560, 522, 100, 14)
    p.shadow(360, 522, 70, 12)
    draw_person(
        p,
        570,
        520,
        400,
        SKIN[0],
        HAIR[1],
        SAFE_GREEN,
        "#5B6B8C",
        child=False,
        hair_style="bob",
        arms=((-0.10, 0.28), (0.10, 0.28)),
    )
    draw_person(
        p,
        370,
        520,
        250,
        SKIN[2],
        HAIR[2],
        SAFE_GOLD,
        SAFE_BLUE,
        hair_style="pigtails",
        arms=((-0.12, 0.30), (0.14, 0.16)),
    )
    # speech bubble from the child
    bubble(p, 110, 50, 380, 190, WHITE, 300, 1, r=50)
    p.poly(heart_points(245, 122, 80), SAFE_CORAL)
    return p


def scene_keeping_safe_hand():
    """An open hand: on each finger, the face of one safe adult."""
    p = Pic(BG["keeping-safe"])
    p.circle(480, 330, 250, mix(p.bg, WHITE, 0.55))
    k, cx, cy = 1.35, 480, 380
    draw_hand(p, cx, cy, k, SKIN[0], "#DDA57E", SAFE_BLUE)
    tips = []
    for dx, length, tilt in ((-54, 96, -11), (-18, 120, -3.5), (19, 114, 3.5), (54, 88, 11)):
        bx, by = cx + dx * k, cy - 40 * k
        tips.append(rotate([(bx, by - length * k - 38)], tilt, bx, by)[0])
    bx, by = cx - 58 * k, cy + 34 * k
    tips.insert(0, rotate([(bx, by - 92 * k - 38)], -52, bx, by)[0])
    looks = [
        (SKIN[0], GREY_HAIR, "bun"),  # a grandmother
        (SKIN[1], HAIR[0], "short"),  # a father
        (SKIN[2], HAIR[1], "bob"),  # a mother
        (SKIN[0], HAIR[2], "bob"),  # a teacher
        (SKIN[1], None, "cap"),  # a police officer
    ]
    for (tx, ty), (skin, hair, style) in zip(tips, looks, strict=True):
        p.circle(tx, ty, 46, WHITE)
        r = 32
        if style == "bun":
            p.circle(tx, ty - r * 1.0, r * 0.4, hair)
        if style == "bob":
            p.rect(tx - r * 1.06, ty - r * 0.3, tx + r * 1.06, ty + r * 0.95, hair, r=r * 0.4)
        if hair:
            p.circle(tx, ty - r * 0.06, r * 1.05, hair)
        p.ellipse(tx, ty + r * 0.1, r * 0.92, r * 0.88, skin)
        if hair:
            p.poly(arc_points(tx, ty - r * 0.12, r * 0.96, r * 0.5, 180, 360, 30), hair)
        else:
            p.poly(arc_points(tx, ty - r * 0.2, r * 1.0, r * 0.85, 180, 360, 30), POLICE)
            p.rect(
                tx - r * 1.02,
                ty - r * 0.32,
                tx + r * 1.02,
                ty - r * 0.08,
                mix(POLICE, INK, 0.3),
                r=3,
            )
            p.poly(star_points(tx, ty - r * 0.6, r * 0.24, r * 0.1), SAFE_GOLD)
        for side in (-1, 1):
            p.circle(tx + side * r * 0.34, ty + r * 0.16, r * 0.1, INK)
        p.line(arc_points(tx, ty + r * 0.3, r * 0.3, r * 0.24, 25, 155, 12), INK, 3)
    return p


def school_gate(p, x0, x1, ground):
    """A school building with a gate in front; returns the gate's centre x."""
    wall, roof = "#F4E3C8", "#D98A6A"
    p.rect(x0 + 30, 140, x1 - 30, ground - 60, wall, r=6)
    p.rect(x0 + 10, 120, x1 - 10, 150, roof, r=8)
    for wx in range(int(x0) + 70, int(x1) - 80, 90):
        for wy in (180, 270):
            p.rect(wx, wy, wx + 50, wy + 50, "#9CCBE8", r=5)
    pillar = "#B9A58C"
    for px in (x0, x1 - 40):
        p.rect(px, ground - 210, px + 40, ground, pillar, r=4)
        p.rect(px - 6, ground - 222, px + 46, ground - 200, mix(pillar, INK, 0.2), r=4)
    # a low sliding gate, open in the middle
    for gx0, gx1 in ((x0 + 40, x0 + 150), (x1 - 150, x1 - 40)):
        p.rect(gx0, ground - 110, gx1, ground - 98, "#8C9BAB", r=3)
        p.rect(gx0, ground - 20, gx1, ground - 8, "#8C9BAB", r=3)
        for bx in range(int(gx0) + 8, int(gx1), 22):
            p.rect(bx, ground - 110, bx + 7, ground - 8, "#8C9BAB")


def scene_keeping_safe_gate():
    """At the school gate, an adult the child does not know holds out sweets."""
    p = Pic(BG["keeping-safe"])
    ground = 520
    draw_ground(p, ground)
    school_gate(p, 40, 560, ground)
    # a small car at the kerb on the right
    cx = 780
    p.rect(cx - 140, ground - 110, cx + 150, ground - 40, "#9A8FB8", r=24)
    p.rect(cx - 80, ground - 170, cx + 80, ground - 100, "#9A8FB8", r=26)
    p.rect(cx - 62, ground - 156, cx - 6, ground - 110, "#DCEBF7", r=8)
    p.rect(cx + 6, ground - 156, cx + 62, ground - 110, "#DCEBF7", r=8)
    for wx in (cx - 80, cx + 90):
        p.circle(wx, ground - 38, 34, INK)
        p.circle(wx, ground - 38, 14, "#C9D2DC")
    p.shadow(600, ground + 4, 70, 12)
    p.shadow(330, ground + 4, 55, 10)
    # the adult, leaning a hand out with sweets
    _, _, hands = draw_person(
        p,
        600,
        ground,
        380,
        SKIN[1],
        HAIR[2],
        "#7E8C9A",
        "#4E5866",
        child=False,
        arms=((-0.30, 0.12), (0.08, 0.30)),
    )
    sx, sy = hands[0]
    draw_sweet(p, sx - 4, sy - 30, 26, -10, "#F25F7A", "#FFD1DA")
    # the child, a little apart
    draw_person(
        p,
        330,
        ground,
        230,
        SKIN[0],
        HAIR[0],
        SAFE_GREEN,
        "#4F6D9A",
        arms=((-0.10, 0.30), (0.12, 0.30)),
    )
    return p


def scene_keeping_safe_run():
    """A child runs back to the teacher, who waits with open arms."""
    p = Pic(BG["keeping-safe"])
    ground = 520
    draw_ground(p, ground)
    school_gate(p, 430, 950, ground)
    p.shadow(700, ground + 4, 80, 12)
    draw_person(
        p,
        700,
        ground,
        390,
        SKIN[0],
        HAIR[1],
        SAFE_GREEN,
        "#5B6B8C",
        child=False,
        hair_style="bob",
        arms=((-0.22, 0.05), (0.22, 0.05)),
    )
    p.shadow(330, ground + 4, 60, 10)
    draw_person(
        p,
        330,
        ground,
        240,
        SKIN[2],
        HAIR[0],
        SAFE_CORAL,
        SAFE_BLUE,
        hair_style="short",
        arms=((0.18, 0.02), (-0.16, 0.22)),
        stride=0.22,
    )
    # speed lines behind the child
    for k, y in enumerate((330, 380, 430)):
        p.line([(150 - k * 20, y), (230 - k * 10, y)], mix(p.bg, INK, 0.3), 10)
    return p


def scene_keeping_safe_home():
    """At home, a child writes on a card at the table; a grandmother helps."""
    p = Pic(BG["keeping-safe"])
    floor = 500
    p.rect(0, floor, 960, 600, "#E9D6BC")
    # window
    p.rect(90, 80, 340, 300, WHITE, r=10)
    p.rect(104, 94, 326, 286, "#CFE6F5", r=6)
    p.rect(210, 94, 220, 286, WHITE)
    p.circle(280, 150, 26, "#FFC94A")
    p.rect(104, 250, 326, 286, "#9BD08A")
    # grandmother standing behind
    draw_person(
        p,
        730,
        floor,
        400,
        SKIN[1],
        GREY_HAIR,
        "#9B7BD4",
        "#5B5F78",
        child=False,
        hair_style="bun",
        arms=((-0.20, 0.22), (0.10, 0.30)),
    )
    # child standing at the table
    draw_person(
        p,
        430,
        floor,
        260,
        SKIN[0],
        HAIR[0],
        SAFE_GOLD,
        SAFE_BLUE,
        hair_style="short",
        arms=((0.22, 0.17), (0.26, 0.15)),
    )
    # table in front
    p.rect(470, 380, 900, 405, "#D9A46C", r=8)
    for lx in (500, 850):
        p.rect(lx, 405, lx + 22, floor, "#B57E4B", r=6)
    # card with writing lines, and a pencil
    p.rect(498, 340, 658, 388, mix(p.bg, INK, 0.12), r=6)
    p.rect(490, 330, 650, 378, PAPER, r=6)
    for j, x1 in enumerate((620, 590)):
        p.line([(540, 346 + j * 16), (x1, 346 + j * 16)], LINE, 6)
    # a small house shape on the card: this is my home
    p.poly([(504, 352), (518, 338), (532, 352)], SAFE_CORAL)
    p.rect(507, 352, 529, 368, SAFE_CORAL)
    p.line([(498, 318), (540, 360)], SAFE_CORAL, 10)
    p.line([(536, 356), (542, 362)], INK, 8)
    return p


def scene_keeping_safe_phone():
    """A phone keypad: three keys light up for the police number; a police star."""
    p = Pic(BG["keeping-safe"])
    cx, cy, w, h = 400, 300, 300, 520
    p.rrect(cx + 10, cy + 10, w, h, 46, mix(p.bg, INK, 0.10))
    draw_phone(p, cx, cy, w, h)
    # screen top: a police star in a blue circle
    p.circle(cx, cy - 150, 52, POLICE)
    p.poly(star_points(cx, cy - 150, 34, 15), SAFE_GOLD)
    # keypad, 3 x 4; the keys 1, 1, 0 are lit
    kw = 60
    for row in range(4):
        for col in range(3):
            x = cx - 80 + col * 80
            y = cy - 40 + row * 66
            lit = (row, col) in ((0, 0), (3, 1))
            p.circle(x, y, kw / 2, POLICE if lit else mix(LINE, WHITE, 0.2))
            if lit:
                p.circle(x, y, kw / 2 - 10, mix(POLICE, WHITE, 0.35))
    # two taps on the first key, one on the last
    for k in range(2):
        p.arc(cx - 80, cy - 40, 38 + k * 12, 200, 340, SAFE_GOLD, 5)
    p.arc(cx, cy + 158, 38, 200, 340, SAFE_GOLD, 5)
    # sound waves on the right
    for k in range(3):
        p.arc(cx + 170, cy - 40, 40 + k * 40, -40, 40, SAFE_BLUE, 14)
    return p


def scene_keeping_safe_market():
    """A lost child at a market stall; a police officer phones her family."""
    p = Pic(BG["keeping-safe"])
    ground = 520
    draw_ground(p, ground)
    # stall with a striped awning and fruit
    x0, x1 = 60, 520
    p.rect(x0 + 20, 170, x0 + 34, ground, "#9A6B4F")
    p.rect(x1 - 34, 170, x1 - 20, ground, "#9A6B4F")
    for i in range(6):
        col = SAFE_CORAL if i % 2 == 0 else WHITE
        sx = x0 + i * (x1 - x0) / 6
        p.rect(sx, 120, sx + (x1 - x0) / 6, 190, col)
        p.poly(arc_points(sx + (x1 - x0) / 12, 190, (x1 - x0) / 12, 22, 0, 180, 12), col)
    p.rect(x0 + 10, 360, x1 - 10, 400, "#D9A46C", r=6)
    p.rect(x0 + 30, 400, x1 - 30, ground, "#C48A55")
    for j, (fcol, fx0) in enumerate((("#F2994A", 100), ("#7BC46B", 250), ("#E2574C", 390))):
        for k in range(4):
            p.circle(fx0 + k * 28 + (j % 2) * 6, 344 - (k % 2) * 12, 18, fcol)
    # police officer with a phone to the ear
    p.shadow(760, ground + 4, 80, 12)
    hy, r, _ = draw_person(
        p,
        760,
        ground,
        400,
        SKIN[2],
        HAIR[2],
        POLICE,
        mix(POLICE, INK, 0.35),
        child=False,
        hair_style="none",
        arms=((-0.06, 0.30), (0.15, 0.12, 0.04, -0.10)),
        cap=POLICE,
    )
    p.rrect(760 + r * 0.98, hy + r * 0.1, 22, 44, 6, INK)
    # the lost child, close to the officer and the stall
    p.shadow(590, ground + 4, 55, 10)
    draw_person(
        p,
        590,
        ground,
        220,
        SKIN[1],
        HAIR[0],
        "#9B7BD4",
        SAFE_BLUE,
        hair_style="pigtails",
        arms=((-0.12, 0.30), (0.12, 0.30)),
    )
    return p


# --------------------------------------------------------------------------

IMAGES = {
    "cover-safe-migration": cover_safe_migration,
    "scene-safe-migration": scene_safe_migration,
    "cover-labour-rights": cover_labour_rights,
    "scene-labour-rights": scene_labour_rights,
    "cover-hiv-and-health": cover_hiv_and_health,
    "scene-hiv-and-health": scene_hiv_and_health,
    "cover-drugs": cover_drugs,
    "scene-drugs": scene_drugs,
    "cover-safe-city-living": cover_safe_city_living,
    "scene-safe-city-living": scene_safe_city_living,
    "cover-feelings-and-help": cover_feelings_and_help,
    "scene-feelings-and-help": scene_feelings_and_help,
    "cover-growing-up": cover_growing_up,
    "scene-growing-up": scene_growing_up,
    "cover-keeping-safe": cover_keeping_safe,
    "scene-keeping-safe-body": scene_keeping_safe_body,
    "scene-keeping-safe-tell": scene_keeping_safe_tell,
    "scene-keeping-safe-hand": scene_keeping_safe_hand,
    "scene-keeping-safe-gate": scene_keeping_safe_gate,
    "scene-keeping-safe-run": scene_keeping_safe_run,
    "scene-keeping-safe-home": scene_keeping_safe_home,
    "scene-keeping-safe-phone": scene_keeping_safe_phone,
    "scene-keeping-safe-market": scene_keeping_safe_market,
}


def main(argv):
    parser = argparse.ArgumentParser(description="Draw the starter-curriculum illustrations.")
    parser.add_argument("keys", nargs="*", help="images to draw (default: all)")
    parser.add_argument("--out", default=IMAGES_DIR, help="directory to write into")
    args = parser.parse_args(argv)
    keys = args.keys or list(IMAGES)
    unknown = [k for k in keys if k not in IMAGES]
    if unknown:
        sys.exit("unknown image key(s): " + ", ".join(unknown))
    for key in keys:
        path = IMAGES[key]().save(key, args.out)
        size = os.path.getsize(path)
        print(f"{key + '.webp':<26} {size:6d} bytes")
        if size >= 40 * 1024:
            print("  warning: larger than 40 KB", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
