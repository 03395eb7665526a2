//! Classing values for a choropleth: quantile, equal interval, Jenks natural
//! breaks, or breaks the user gives.

use std::fmt;
use std::str::FromStr;

use crate::error::{Error, Result};

/// How values are split into classes.
///
/// ```
/// use geomention::classify::ClassMethod;
/// assert_eq!("jenks".parse::<ClassMethod>().unwrap(), ClassMethod::Jenks);
/// assert_eq!(
///     "1,5,20".parse::<ClassMethod>().unwrap(),
///     ClassMethod::Breaks(vec![1.0, 5.0, 20.0])
/// );
/// assert!("5,1".parse::<ClassMethod>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum ClassMethod {
    /// Classes with about the same number of countries each.
    Quantile,
    /// Classes of equal width between the smallest and largest value.
    EqualInterval,
    /// Jenks natural breaks (Fisher's exact optimal grouping).
    Jenks,
    /// The upper bounds of every class but the last, ascending.
    Breaks(Vec<f64>),
}

impl FromStr for ClassMethod {
    type Err = Error;
    fn from_str(s: &str) -> Result<ClassMethod> {
        match s.trim() {
            "quantile" => Ok(ClassMethod::Quantile),
            "equal" | "equal-interval" => Ok(ClassMethod::EqualInterval),
            "jenks" => Ok(ClassMethod::Jenks),
            other => {
                let breaks = other
                    .split(',')
                    .map(|b| {
                        b.trim().parse::<f64>().ok().filter(|v| v.is_finite()).ok_or_else(|| {
                            Error::Invalid(format!(
                                "--classes: {b:?} is not a number; give quantile, equal, jenks or ascending breaks like 1,5,20"
                            ))
                        })
                    })
                    .collect::<Result<Vec<f64>>>()?;
                if breaks.windows(2).any(|w| w[0] >= w[1]) {
                    return Err(Error::Invalid(format!(
                        "--classes: breaks {other:?} must be strictly ascending"
                    )));
                }
                Ok(ClassMethod::Breaks(breaks))
            }
        }
    }
}

impl fmt::Display for ClassMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClassMethod::Quantile => f.write_str("quantile"),
            ClassMethod::EqualInterval => f.write_str("equal interval"),
            ClassMethod::Jenks => f.write_str("Jenks natural breaks"),
            ClassMethod::Breaks(_) => f.write_str("manual"),
        }
    }
}

/// What kind of numbers are classed: it decides how class bounds read in a
/// legend.
///
/// ```
/// use geomention::classify::Scale;
/// assert_eq!(Scale::of(&[1.0, 20.0]), Scale::Whole);
/// assert_eq!(Scale::of(&[1.5, 20.0]), Scale::Continuous);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Mention counts: whole numbers, 1 or more.
    Counts,
    /// Whole numbers of any sign.
    Whole,
    /// Any numbers.
    Continuous,
}

impl Scale {
    /// `Whole` when every finite value is a whole number, else `Continuous`.
    pub fn of(values: &[f64]) -> Scale {
        if values
            .iter()
            .filter(|x| x.is_finite())
            .all(|x| x.fract() == 0.0)
        {
            Scale::Whole
        } else {
            Scale::Continuous
        }
    }

    fn integers(self) -> bool {
        self != Scale::Continuous
    }
}

/// Classes for a set of values: class `i` holds values in
/// `(upper[i-1], upper[i]]`, the first from the smallest value.
///
/// Manual breaks make the same classes whatever the values (an open-ended
/// top class above the last break, empty classes kept), so maps of several
/// regions share one legend.
///
/// ```
/// use geomention::classify::{ClassMethod, Classes, Scale};
/// let c = Classes::new(&ClassMethod::EqualInterval, &[1.0, 2.0, 3.0, 10.0], 3);
/// assert_eq!(c.len(), 3);
/// assert_eq!(c.class_of(1.0), Some(0));
/// assert_eq!(c.class_of(10.0), Some(2));
/// assert_eq!(c.label(0), "1 – 4");
/// assert_eq!(c.label(1), "5 – 7");
///
/// let manual = ClassMethod::Breaks(vec![1.0, 5.0, 20.0]);
/// let c = Classes::build(&manual, &[3.0], 5, Scale::Counts);
/// assert_eq!(c.labels(), ["1", "2 – 5", "6 – 20", "21 and more"]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Classes {
    /// The method that made the classes.
    pub method: ClassMethod,
    /// The upper bound of each class, ascending; the last is the largest
    /// value, or infinity for the open top class of manual breaks.
    pub upper: Vec<f64>,
    /// The lower bound of each class as a legend shows it: for whole
    /// numbers one more than the class below, otherwise the smallest value
    /// in the class (so no bound is shown twice).
    pub lower: Vec<f64>,
    /// The kind of numbers classed.
    pub scale: Scale,
}

impl Classes {
    /// Classes `values` (which need not be sorted) into at most `k` classes.
    /// Fewer classes are made when there are fewer distinct values. The
    /// scale is read from the values ([`Scale::of`]).
    pub fn new(method: &ClassMethod, values: &[f64], k: usize) -> Classes {
        Classes::build(method, values, k, Scale::of(values))
    }

    /// Like [`Classes::new`] with the scale given (so that manual breaks
    /// read the same whatever the values).
    pub fn build(method: &ClassMethod, values: &[f64], k: usize, scale: Scale) -> Classes {
        let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
        v.sort_by(f64::total_cmp);
        if let ClassMethod::Breaks(b) = method {
            return Classes::manual(method, b, scale);
        }
        // Past 2^53 a float has no "next whole number": read such values as
        // continuous.
        let integers = scale.integers() && v.iter().all(|x| x.fract() == 0.0 && x.abs() < 9e15);
        let mut distinct = v.clone();
        distinct.dedup();
        let (Some(&min), Some(&max)) = (v.first(), v.last()) else {
            return Classes {
                method: method.clone(),
                upper: Vec::new(),
                lower: Vec::new(),
                scale,
            };
        };
        let k = k.max(1).min(distinct.len());
        let mut upper = match method {
            ClassMethod::Quantile => (1..=k).map(|i| v[(i * v.len()).div_ceil(k) - 1]).collect(),
            ClassMethod::EqualInterval => (1..=k)
                .map(|i| min + (max - min) * i as f64 / k as f64)
                .collect(),
            _ => jenks(&v, k),
        };
        if integers {
            // For whole numbers, "<= 3.25" is "<= 3": say so in the legend.
            for u in &mut upper {
                *u = u.floor();
            }
        }
        upper.dedup();
        if let Some(last) = upper.last_mut() {
            *last = max;
        }
        let lower = (0..upper.len())
            .map(|i| match i {
                0 => min,
                _ if integers => upper[i - 1] + 1.0,
                // The smallest value above the class below (every class
                // from the data holds one).
                _ => v
                    .iter()
                    .copied()
                    .find(|x| *x > upper[i - 1])
                    .unwrap_or(upper[i]),
            })
            .collect();
        let scale = if integers { scale } else { Scale::Continuous };
        Classes {
            method: method.clone(),
            upper,
            lower,
            scale,
        }
    }

    /// Manual breaks: one class up to each break and one above the last.
    fn manual(method: &ClassMethod, breaks: &[f64], scale: Scale) -> Classes {
        let mut upper: Vec<f64> = breaks.iter().copied().filter(|b| b.is_finite()).collect();
        upper.sort_by(f64::total_cmp);
        upper.dedup();
        upper.push(f64::INFINITY);
        // Whole-number bounds only when every class can hold a whole number.
        let whole = scale.integers()
            && upper
                .windows(2)
                .all(|w| w[1].is_infinite() || w[0].floor() < w[1].floor());
        let scale = if whole { scale } else { Scale::Continuous };
        let lower = (0..upper.len())
            .map(|i| match i {
                0 if scale == Scale::Counts && upper[0] >= 1.0 => 1.0,
                0 => f64::NEG_INFINITY,
                _ if whole => upper[i - 1].floor() + 1.0,
                _ => upper[i - 1],
            })
            .collect();
        Classes {
            method: method.clone(),
            upper,
            lower,
            scale,
        }
    }

    /// How many classes there are.
    pub fn len(&self) -> usize {
        self.upper.len()
    }

    /// Whether there are no classes (nothing to class).
    pub fn is_empty(&self) -> bool {
        self.upper.is_empty()
    }

    /// The class of a value, or `None` if it is not finite.
    pub fn class_of(&self, value: f64) -> Option<usize> {
        if !value.is_finite() || self.upper.is_empty() {
            return None;
        }
        Some(
            self.upper
                .iter()
                .position(|u| value <= *u)
                .unwrap_or(self.upper.len() - 1),
        )
    }

    /// The legend label of every class, such as "4 – 12", "120k – 1.5M" or
    /// "21 and more". Numbers get as many digits as it takes for different
    /// bounds to read differently.
    pub fn labels(&self) -> Vec<String> {
        let mut bounds: Vec<f64> = self
            .upper
            .iter()
            .chain(&self.lower)
            .copied()
            .filter(|x| x.is_finite())
            .collect();
        bounds.sort_by(f64::total_cmp);
        bounds.dedup();
        let digits = (3..=17)
            .find(|&d| {
                let shown: Vec<String> = bounds.iter().map(|b| format_number(*b, d)).collect();
                shown.windows(2).all(|w| w[0] != w[1])
            })
            .unwrap_or(17);
        (0..self.len())
            .map(|i| self.label_with(i, digits))
            .collect()
    }

    /// The legend label of class `i` (see [`Classes::labels`]).
    pub fn label(&self, i: usize) -> String {
        self.labels().swap_remove(i)
    }

    fn label_with(&self, i: usize, digits: usize) -> String {
        let n = |x: f64| format_number(x, digits);
        let (lo, hi) = (self.lower[i], self.upper[i]);
        let manual = matches!(self.method, ClassMethod::Breaks(_));
        match (lo.is_finite(), hi.is_finite()) {
            (false, _) => format!("≤ {}", n(hi)),
            (true, false) if self.scale.integers() => format!("{} and more", n(lo)),
            (true, false) => format!("> {}", n(lo)),
            _ if manual && !self.scale.integers() && i > 0 => {
                format!("> {} – {}", n(lo), n(hi))
            }
            _ if lo >= hi => n(hi),
            _ => format!("{} – {}", n(lo), n(hi)),
        }
    }
}

/// Formats a number for a legend or a map label, compactly: whole numbers
/// below 10,000 as they are, others with about three significant digits,
/// thousands as `k`, millions as `M`, billions as `B`, and the very large
/// or very small in scientific notation.
///
/// ```
/// use geomention::classify::number;
/// assert_eq!(number(2500.0), "2500");
/// assert_eq!(number(120_000.0), "120k");
/// assert_eq!(number(2_540_000.0), "2.54M");
/// assert_eq!(number(1.2e308), "1.2e308");
/// assert_eq!(number(0.25), "0.25");
/// assert_eq!(number(0.000012), "1.2e-5");
/// ```
pub fn number(x: f64) -> String {
    format_number(x, 3)
}

/// [`number`] with `digits` significant digits.
fn format_number(x: f64, digits: usize) -> String {
    if x == 0.0 || !x.is_finite() {
        let special = match x {
            _ if x.is_nan() => "NaN",
            _ if x == f64::INFINITY => "∞",
            _ if x == f64::NEG_INFINITY => "-∞",
            _ => "0",
        };
        return special.to_string();
    }
    let a = x.abs();
    let sign = if x < 0.0 { "-" } else { "" };
    if !(1e-3..1e12).contains(&a) {
        let s = format!("{:.*e}", digits.saturating_sub(1), a);
        let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
        return format!("{sign}{}e{exp}", trim_zeros(mantissa));
    }
    if a < 1e4 {
        if x.fract() == 0.0 {
            return format!("{x:.0}");
        }
        let e = a.log10().floor() as i64;
        let decimals = (digits as i64 - 1 - e).max(2) as usize;
        return format!("{sign}{}", trim_zeros(&format!("{a:.decimals$}")));
    }
    for (unit, suffix) in [(1e3, "k"), (1e6, "M"), (1e9, "B")] {
        let scaled = a / unit;
        let e = scaled.log10().floor() as i64;
        let decimals = (digits as i64 - 1 - e).max(0) as usize;
        let text = format!("{scaled:.decimals$}");
        // 999,999 rounds to "1000k": that is "1M".
        if text.parse::<f64>().unwrap_or(0.0) < 1000.0 || suffix == "B" {
            return format!("{sign}{}{suffix}", trim_zeros(&text));
        }
    }
    unreachable!("the last unit always returns")
}

/// "2.50" → "2.5", "3.00" → "3", "120" → "120".
fn trim_zeros(s: &str) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s.to_string()
    }
}

/// Fisher–Jenks optimal breaks by dynamic programming over sorted values;
/// O(k·n²), fine for the few hundred countries a map has.
fn jenks(sorted: &[f64], k: usize) -> Vec<f64> {
    let n = sorted.len();
    // Scaling does not change where the best breaks fall, and keeps the
    // squares finite for values near f64::MAX.
    let scale = sorted.iter().fold(0.0f64, |m, x| m.max(x.abs()));
    let scale = if scale > 0.0 { scale } else { 1.0 };
    let mut prefix = vec![0.0; n + 1];
    let mut prefix_sq = vec![0.0; n + 1];
    for (i, x) in sorted.iter().enumerate() {
        let x = x / scale;
        prefix[i + 1] = prefix[i] + x;
        prefix_sq[i + 1] = prefix_sq[i] + x * x;
    }
    // Sum of squared deviations of sorted[a..b].
    let ssd = |a: usize, b: usize| {
        let m = (b - a) as f64;
        let s = prefix[b] - prefix[a];
        prefix_sq[b] - prefix_sq[a] - s * s / m
    };
    // cost[j][i]: best cost of splitting the first i values into j classes.
    let mut cost = vec![vec![f64::INFINITY; n + 1]; k + 1];
    let mut cut = vec![vec![0usize; n + 1]; k + 1];
    cost[0][0] = 0.0;
    for j in 1..=k {
        for i in j..=n {
            for s in (j - 1)..i {
                let c = cost[j - 1][s] + ssd(s, i);
                if c < cost[j][i] {
                    cost[j][i] = c;
                    cut[j][i] = s;
                }
            }
        }
    }
    let mut upper = vec![0.0; k];
    let mut i = n;
    for j in (1..=k).rev() {
        if i == 0 {
            // Costs that are not numbers left no path: fall back to
            // quantiles rather than guess.
            return (1..=k).map(|i| sorted[(i * n).div_ceil(k) - 1]).collect();
        }
        upper[j - 1] = sorted[i - 1];
        i = cut[j][i];
    }
    upper
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jenks_separates_obvious_clusters() {
        let v = [1.0, 2.0, 2.0, 3.0, 20.0, 21.0, 22.0, 60.0, 61.0];
        let c = Classes::new(&ClassMethod::Jenks, &v, 3);
        assert_eq!(c.upper, vec![3.0, 22.0, 61.0]);
    }

    #[test]
    fn quantile_puts_equal_counts_in_each_class() {
        let v: Vec<f64> = (1..=12).map(f64::from).collect();
        let c = Classes::new(&ClassMethod::Quantile, &v, 4);
        assert_eq!(c.upper, vec![3.0, 6.0, 9.0, 12.0]);
    }

    #[test]
    fn fewer_distinct_values_than_classes_gives_fewer_classes() {
        let c = Classes::new(&ClassMethod::Jenks, &[2.0, 2.0, 5.0], 5);
        assert_eq!(c.len(), 2);
        assert_eq!(c.class_of(2.0), Some(0));
        assert_eq!(c.class_of(5.0), Some(1));
    }

    #[test]
    fn manual_breaks_add_an_open_top_class() {
        let c = Classes::new(&ClassMethod::Breaks(vec![1.0, 5.0]), &[1.0, 3.0, 40.0], 5);
        assert_eq!(c.upper, vec![1.0, 5.0, f64::INFINITY]);
        assert_eq!(c.class_of(3.0), Some(1));
        assert_eq!(c.class_of(40.0), Some(2));
        assert_eq!(c.label(2), "6 and more");
    }

    #[test]
    fn manual_breaks_give_the_same_classes_and_labels_whatever_the_values() {
        let method = ClassMethod::Breaks(vec![1.0, 5.0, 20.0]);
        let few = Classes::build(&method, &[1.0, 3.0], 5, Scale::Counts);
        let many = Classes::build(&method, &[2.0, 28.0, 7.0], 5, Scale::Counts);
        let none = Classes::build(&method, &[], 5, Scale::Counts);
        assert_eq!(few.labels(), ["1", "2 – 5", "6 – 20", "21 and more"]);
        assert_eq!(few.labels(), many.labels());
        assert_eq!(few.labels(), none.labels());
        assert_eq!(many.class_of(28.0), Some(3));
    }

    #[test]
    fn manual_breaks_on_continuous_values_read_as_open_intervals() {
        let method = ClassMethod::Breaks(vec![0.5, 2.0]);
        let c = Classes::build(&method, &[0.1, 1.5], 5, Scale::Continuous);
        assert_eq!(c.labels(), ["≤ 0.5", "> 0.5 – 2", "> 2"]);
    }

    #[test]
    fn value_labels_do_not_repeat_bounds() {
        // Before: "0", "0 – 2500.25", "2500.25 – 8500.5".
        let v = [0.0, 0.0, 0.0, 2400.5, 2500.25, 8000.5, 8500.5];
        let c = Classes::new(&ClassMethod::Jenks, &v, 3);
        assert_eq!(c.labels(), ["0", "2400.5 – 2500.25", "8000.5 – 8500.5"]);
    }

    #[test]
    fn huge_and_tiny_values_get_compact_labels() {
        let c = Classes::new(&ClassMethod::Jenks, &[1e308, 1.2e308], 2);
        assert_eq!(c.labels(), ["1e308", "1.2e308"]);
        let c = Classes::new(&ClassMethod::Jenks, &[120_000.0, 2_500_000.0], 2);
        assert_eq!(c.labels(), ["120k", "120.001k – 2.5M"]);
        let c = Classes::new(&ClassMethod::Jenks, &[0.000012, 0.5], 2);
        assert_eq!(c.labels(), ["1.2e-5", "0.5"]);
    }

    #[test]
    fn close_bounds_get_more_digits_until_they_differ() {
        let c = Classes::new(&ClassMethod::Jenks, &[120_401.0, 120_402.0, 500_000.0], 3);
        let labels = c.labels();
        assert_eq!(labels, ["120.401k", "120.402k", "120.403k – 500k"]);
    }

    #[test]
    fn no_values_give_no_classes() {
        let c = Classes::new(&ClassMethod::Quantile, &[], 5);
        assert!(c.is_empty());
        assert_eq!(c.class_of(1.0), None);
    }
}
