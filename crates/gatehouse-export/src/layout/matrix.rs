//! A matrix wider than a page: split into blocks of columns, each set as a table whose
//! first column (the row headers) is repeated, captioned "columns 1–14 of 40".

use std::ops::Range;

/// How many columns of `column_width` fit beside a row header of `row_header_width` in
/// `available` points (at least one, so a matrix always progresses).
pub fn columns_per_block(available: f32, row_header_width: f32, column_width: f32) -> usize {
    (((available - row_header_width) / column_width).floor() as usize).max(1)
}

/// The column ranges of the blocks: consecutive, covering `0..columns`, each at most
/// `per_block` wide, the blocks as even as possible (no last block of one column).
pub fn column_blocks(columns: usize, per_block: usize) -> Vec<Range<usize>> {
    if columns == 0 {
        return Vec::new();
    }
    let per_block = per_block.max(1);
    let blocks = columns.div_ceil(per_block);
    let base = columns / blocks;
    let extra = columns % blocks;
    let mut start = 0;
    (0..blocks)
        .map(|b| {
            let len = base + usize::from(b < extra);
            let range = start..start + len;
            start += len;
            range
        })
        .collect()
}

/// "columns 1–14 of 40" (1-based, inclusive, with an en dash).
pub fn block_caption(block: &Range<usize>, columns: usize) -> String {
    format!(
        "columns {}\u{2013}{} of {columns}",
        block.start + 1,
        block.end
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_cover_every_column_once_in_order() {
        for columns in [1, 13, 14, 15, 40, 300] {
            for per in [1, 7, 14, 28] {
                let blocks = column_blocks(columns, per);
                let all: Vec<usize> = blocks.iter().flat_map(|b| b.clone()).collect();
                assert_eq!(all, (0..columns).collect::<Vec<_>>(), "{columns} by {per}");
                assert!(blocks.iter().all(|b| b.len() <= per && !b.is_empty()));
            }
        }
        assert!(column_blocks(0, 14).is_empty());
    }

    #[test]
    fn blocks_are_even() {
        let lens: Vec<usize> = column_blocks(40, 14).iter().map(|b| b.len()).collect();
        assert_eq!(lens, [14, 13, 13], "three blocks, not 14 + 14 + 12");
        let lens: Vec<usize> = column_blocks(29, 28).iter().map(|b| b.len()).collect();
        assert_eq!(lens, [15, 14], "no block of a single column");
    }

    #[test]
    fn captions_are_one_based_and_inclusive() {
        assert_eq!(block_caption(&(0..14), 40), "columns 1–14 of 40");
        assert_eq!(block_caption(&(27..40), 40), "columns 28–40 of 40");
    }

    #[test]
    fn columns_per_block_fits_the_width_and_never_is_zero() {
        assert_eq!(columns_per_block(760.0, 160.0, 20.0), 30);
        assert_eq!(columns_per_block(100.0, 160.0, 20.0), 1);
    }
}
