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

/// Classes for a set of values: class `i` holds values in
/// `(upper[i-1], upper[i]]`, the first from `min`.
///
/// ```
/// use geomention::classify::{ClassMethod, Classes};
/// let c = Classes::new(&ClassMethod::EqualInterval, &[1.0, 2.0, 3.0, 10.0], 3);
/// assert_eq!(c.len(), 3);
/// assert_eq!(c.class_of(1.0), Some(0));
/// assert_eq!(c.class_of(10.0), Some(2));
/// assert_eq!(c.label(0), "1 – 4");
/// assert_eq!(c.label(1), "5 – 7");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Classes {
    /// The method that made the classes.
    pub method: ClassMethod,
    /// The smallest value classed.
    pub min: f64,
    /// The upper bound of each class, ascending; the last is the largest value.
    pub upper: Vec<f64>,
    /// Whether every value classed is a whole number (counts), so that a
    /// class can start just above the previous class's upper bound.
    pub integers: bool,
}

impl Classes {
    /// Classes `values` (which need not be sorted) into at most `k` classes.
    /// Fewer classes are made when there are fewer distinct values.
    pub fn new(method: &ClassMethod, values: &[f64], k: usize) -> Classes {
        let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
        v.sort_by(f64::total_cmp);
        let mut distinct = v.clone();
        distinct.dedup();
        let integers = v.iter().all(|x| x.fract() == 0.0);
        let (Some(&min), Some(&max)) = (v.first(), v.last()) else {
            return Classes {
                method: method.clone(),
                min: 0.0,
                upper: Vec::new(),
                integers,
            };
        };
        let k = k.max(1).min(distinct.len());
        let mut upper = match method {
            ClassMethod::Quantile => (1..=k).map(|i| v[(i * v.len()).div_ceil(k) - 1]).collect(),
            ClassMethod::EqualInterval => (1..=k)
                .map(|i| min + (max - min) * i as f64 / k as f64)
                .collect(),
            ClassMethod::Jenks => jenks(&v, k),
            ClassMethod::Breaks(b) => {
                let mut u: Vec<f64> = b.clone();
                if u.last().is_none_or(|last| *last < max) {
                    u.push(max);
                }
                u
            }
        };
        if integers {
            // For whole numbers, "<= 3.25" is "<= 3": say so in the legend.
            for u in &mut upper {
                *u = u.floor();
            }
            upper.dedup();
        }
        if !matches!(method, ClassMethod::Breaks(_)) {
            upper.dedup();
            if let Some(last) = upper.last_mut() {
                *last = max;
            }
        }
        Classes {
            method: method.clone(),
            min,
            upper,
            integers,
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

    /// The lower bound of class `i` as shown in a legend: for counts, one
    /// more than the class below ("1", "2 – 4", "5 – 9").
    pub fn lower(&self, i: usize) -> f64 {
        match i {
            0 => self.min,
            _ if self.integers => self.upper[i - 1].floor() + 1.0,
            _ => self.upper[i - 1],
        }
    }

    /// A legend label for class `i`, such as "4 – 12".
    pub fn label(&self, i: usize) -> String {
        let lo = self.lower(i);
        let hi = self.upper[i];
        if lo >= hi {
            return number(hi);
        }
        format!("{} – {}", number(lo), number(hi))
    }
}

/// Formats a class bound: integers without decimals, others with up to 2.
pub fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        let s = format!("{x:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
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
    fn manual_breaks_add_a_top_class_up_to_the_maximum() {
        let c = Classes::new(&ClassMethod::Breaks(vec![1.0, 5.0]), &[1.0, 3.0, 40.0], 5);
        assert_eq!(c.upper, vec![1.0, 5.0, 40.0]);
        assert_eq!(c.class_of(3.0), Some(1));
        assert_eq!(c.label(2), "6 – 40");
    }

    #[test]
    fn no_values_give_no_classes() {
        let c = Classes::new(&ClassMethod::Quantile, &[], 5);
        assert!(c.is_empty());
        assert_eq!(c.class_of(1.0), None);
    }
}
