//! Placing the top countries' labels: on a country big enough to hold
//! its label, otherwise beside it, off its islands, with a leader line when
//! the label had to move away; never over another label, a marker or a
//! small member island, and always inside the frame.

use super::layout::Rect;

/// What a label is for.
#[derive(Debug, Clone)]
pub(super) struct Wanted {
    /// Where the country is: its label point or marker centre (pixels).
    pub(super) anchor: (f64, f64),
    /// The pixels the country itself covers (its islands or marker).
    pub(super) body: Rect,
    /// Whether the label fits on the country (big countries).
    pub(super) inside: bool,
    /// Label size in pixels.
    pub(super) w: f64,
    pub(super) h: f64,
}

/// A placed label.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Placed {
    pub(super) rect: Rect,
    /// A leader line from the country to the label, when it is away.
    pub(super) leader: Option<((f64, f64), (f64, f64))>,
}

fn inflate(r: &Rect, by: f64) -> Rect {
    Rect {
        x0: r.x0 - by,
        y0: r.y0 - by,
        x1: r.x1 + by,
        y1: r.y1 + by,
    }
}

/// The point of `r` nearest to `p`.
fn nearest_on(r: &Rect, p: (f64, f64)) -> (f64, f64) {
    (p.0.clamp(r.x0, r.x1), p.1.clamp(r.y0, r.y1))
}

/// Candidate top-left corners around `body`, nearest first: the four sides
/// and four corners at growing distances.
fn candidates(want: &Wanted, gap: f64, step: f64) -> Vec<(f64, f64)> {
    let b = &want.body;
    let (w, h) = (want.w, want.h);
    let (cx, cy) = ((b.x0 + b.x1) / 2.0, (b.y0 + b.y1) / 2.0);
    let mut out = Vec::new();
    for k in 0..5 {
        let d = gap + step * f64::from(k);
        out.extend([
            (b.x1 + d, cy - h / 2.0),
            (b.x0 - d - w, cy - h / 2.0),
            (cx - w / 2.0, b.y0 - d - h),
            (cx - w / 2.0, b.y1 + d),
            (b.x1 + d, b.y0 - d - h),
            (b.x0 - d - w, b.y0 - d - h),
            (b.x1 + d, b.y1 + d),
            (b.x0 - d - w, b.y1 + d),
        ]);
    }
    out
}

/// Places labels in order (most important first); a label with no free
/// place is left out. `obstacles` are what labels must not cover besides
/// each other (markers, small islands); an obstacle equal to a label's own
/// body is ignored for it. `s` is the map's size factor.
pub(super) fn place(
    wanted: &[Wanted],
    obstacles: &[Rect],
    frame: &Rect,
    s: f64,
) -> Vec<Option<Placed>> {
    let margin = 4.0 * s;
    let (gap, step) = (6.0 * s, 26.0 * s);
    let mut placed: Vec<Rect> = Vec::new();
    let mut out = Vec::with_capacity(wanted.len());
    for want in wanted {
        let fits = |r: &Rect| {
            r.x0 >= frame.x0 + margin
                && r.y0 >= frame.y0 + margin
                && r.x1 <= frame.x1 - margin
                && r.y1 <= frame.y1 - margin
                && !placed.iter().any(|p| inflate(p, margin).overlaps(r))
                && !obstacles.iter().any(|o| *o != want.body && o.overlaps(r))
        };
        let rect_at = |(x0, y0): (f64, f64)| Rect {
            x0,
            y0,
            x1: x0 + want.w,
            y1: y0 + want.h,
        };
        let centred = rect_at((want.anchor.0 - want.w / 2.0, want.anchor.1 - want.h / 2.0));
        let found = if want.inside && fits(&centred) {
            Some(centred)
        } else {
            let mut spots: Vec<Rect> = candidates(want, gap, step)
                .into_iter()
                .map(rect_at)
                .collect();
            // Nearest first (stable: ties keep the side order).
            let dist = |r: &Rect| {
                let p = nearest_on(r, want.anchor);
                (p.0 - want.anchor.0).hypot(p.1 - want.anchor.1)
            };
            spots.sort_by(|a, b| dist(a).total_cmp(&dist(b)));
            spots
                .into_iter()
                .find(|r| fits(r) && !r.overlaps(&want.body))
        };
        out.push(found.map(|rect| {
            let near = nearest_on(&rect, want.anchor);
            let far = (near.0 - want.anchor.0).hypot(near.1 - want.anchor.1);
            let body_gap = {
                let b = nearest_on(&want.body, near);
                (near.0 - b.0).hypot(near.1 - b.1)
            };
            let leader = (!want.inside || rect != centred)
                .then_some(())
                .filter(|()| body_gap > gap + 2.0 * s || far > 3.0 * gap + want.h)
                .map(|()| (nearest_on(&want.body, near), near));
            placed.push(rect);
            Placed { rect, leader }
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> Rect {
        Rect { x0, y0, x1, y1 }
    }

    #[test]
    fn labels_do_not_cover_the_island_they_name_or_each_other() {
        let frame = rect(0.0, 0.0, 1000.0, 800.0);
        let island = rect(480.0, 380.0, 520.0, 420.0);
        let wanted = [
            Wanted {
                anchor: (500.0, 400.0),
                body: island,
                inside: false,
                w: 100.0,
                h: 30.0,
            },
            Wanted {
                anchor: (505.0, 405.0),
                body: rect(500.0, 400.0, 510.0, 410.0),
                inside: false,
                w: 100.0,
                h: 30.0,
            },
        ];
        let got = place(&wanted, &[island], &frame, 1.0);
        let (a, b) = (got[0].unwrap(), got[1].unwrap());
        assert!(!a.rect.overlaps(&island) && !b.rect.overlaps(&island));
        assert!(!a.rect.overlaps(&b.rect));
        // The second label had to move away: a leader line joins it.
        assert!(b.leader.is_some());
    }

    #[test]
    fn labels_stay_inside_the_frame() {
        let frame = rect(0.0, 0.0, 400.0, 300.0);
        let want = Wanted {
            anchor: (395.0, 150.0),
            body: rect(390.0, 145.0, 400.0, 155.0),
            inside: false,
            w: 120.0,
            h: 30.0,
        };
        let got = place(&[want], &[], &frame, 1.0)[0].unwrap();
        assert!(got.rect.x1 <= 400.0 && got.rect.x0 >= 0.0);
    }
}
