//! Typed links between items: blocks, relates, duplicates, depends-on with a type and lag.

use crate::{Conn, Result, codec};
use callsheet_core::item::{DepType, LinkKind, LinkView};
use sqlx::Row;

#[derive(Debug, Clone, PartialEq)]
pub struct NewLink {
    pub src_id: i64,
    pub dst_id: i64,
    pub kind: LinkKind,
    pub dep_type: Option<DepType>,
    pub lag_days: i64,
}

/// Inserts links in multi-row statements. Links already present are left as they are.
pub async fn insert_many(conn: &mut Conn, links: &[NewLink], now_ms: i64) -> Result<u64> {
    let mut inserted = 0;
    let backend = crate::Backend::of_conn(conn);
    for chunk in links.chunks(1000) {
        let sql = crate::insert_values(
            "INSERT INTO item_links (src_id, dst_id, kind, dep_type, lag_days, created_at)",
            backend,
            chunk.len(),
            6,
            " ON CONFLICT (src_id, dst_id, kind) DO NOTHING",
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for link in chunk {
            query = query
                .bind(link.src_id)
                .bind(link.dst_id)
                .bind(link.kind.as_str())
                .bind(link.dep_type.map(DepType::as_str))
                .bind(link.lag_days)
                .bind(now_ms);
        }
        inserted += query.execute(&mut *conn).await?.rows_affected();
    }
    Ok(inserted)
}

/// Removes a link; returns whether it existed.
pub async fn remove(conn: &mut Conn, src_id: i64, dst_id: i64, kind: LinkKind) -> Result<bool> {
    let done =
        sqlx::query("DELETE FROM item_links WHERE src_id = $1 AND dst_id = $2 AND kind = $3")
            .bind(src_id)
            .bind(dst_id)
            .bind(kind.as_str())
            .execute(&mut *conn)
            .await?;
    Ok(done.rows_affected() > 0)
}

/// Every link to or from an item.
pub async fn of_item(conn: &mut Conn, item_id: i64) -> Result<Vec<LinkView>> {
    let rows = sqlx::query(
        "SELECT l.kind, l.dep_type, l.lag_days, 1 AS outward, p.key, o.number, o.title, o.id AS other_id FROM item_links l
           JOIN items o ON o.id = l.dst_id JOIN projects p ON p.id = o.project_id WHERE l.src_id = $1
         UNION ALL
         SELECT l.kind, l.dep_type, l.lag_days, 0 AS outward, p.key, o.number, o.title, o.id AS other_id FROM item_links l
           JOIN items o ON o.id = l.src_id JOIN projects p ON p.id = o.project_id WHERE l.dst_id = $1
         ORDER BY 1, 5, 6",
    )
    .bind(item_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            let dep: Option<String> = row.try_get("dep_type")?;
            let key: String = row.try_get("key")?;
            let number: i64 = row.try_get("number")?;
            let outward: i64 = row.try_get("outward")?;
            Ok(LinkView {
                kind: codec::enum_of(row, "kind", LinkKind::parse)?,
                outward: outward == 1,
                other_id: row.try_get("other_id")?,
                other: format!("{key}-{number}"),
                other_title: row.try_get("title")?,
                dep_type: dep
                    .map(|d| DepType::parse(&d))
                    .transpose()
                    .map_err(|e| crate::StoreError::Corrupt(e.to_string()))?,
                lag_days: row.try_get("lag_days")?,
            })
        })
        .collect()
}
