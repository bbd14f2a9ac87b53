//! Parent and child items (epics, work packages) at any depth, without cycles.

use crate::ids::ItemKey;

/// Moving an item under a parent would make it its own ancestor.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("parent: {parent} cannot be the parent of {item}: that makes a cycle ({})", cycle_text(.cycle))]
pub struct ParentCycle {
    pub item: ItemKey,
    pub parent: ItemKey,
    /// The chain from the item back to itself.
    pub cycle: Vec<ItemKey>,
}

fn cycle_text(cycle: &[ItemKey]) -> String {
    cycle
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" -> ")
}

/// Checks that `parent` may become the parent of `item`, given the parent's
/// ancestors (nearest first). Returns the cycle when it may not.
pub fn check_parent(
    item: &ItemKey,
    parent: &ItemKey,
    parent_ancestors: &[ItemKey],
) -> Result<(), ParentCycle> {
    let chain = || std::iter::once(parent).chain(parent_ancestors);
    match chain().position(|k| k == item) {
        None => Ok(()),
        Some(at) => {
            let cycle = std::iter::once(item)
                .chain(chain().take(at + 1))
                .cloned()
                .collect();
            Err(ParentCycle {
                item: item.clone(),
                parent: parent.clone(),
                cycle,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(n: i64) -> ItemKey {
        format!("NJ-{n}").parse().unwrap()
    }

    #[test]
    fn an_item_cannot_be_its_own_parent() {
        let err = check_parent(&k(1), &k(1), &[]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "parent: NJ-1 cannot be the parent of NJ-1: that makes a cycle (NJ-1 -> NJ-1)"
        );
    }

    #[test]
    fn a_descendant_cannot_become_the_parent() {
        // NJ-3's ancestors are NJ-2 then NJ-1; making NJ-3 the parent of NJ-1 loops.
        let err = check_parent(&k(1), &k(3), &[k(2), k(1)]).unwrap_err();
        assert_eq!(err.cycle, vec![k(1), k(3), k(2), k(1)]);
        assert!(check_parent(&k(4), &k(3), &[k(2), k(1)]).is_ok());
    }
}
