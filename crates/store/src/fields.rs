//! Custom field definitions per project, and the values items hold for them.

use crate::{Conn, Result, StoreError};
use callsheet_core::field::{FieldDef, FieldType, FieldValue};
use sqlx::Row;

#[derive(Debug, Clone, PartialEq)]
pub struct StoredField {
    pub id: i64,
    pub def: FieldDef,
}

pub async fn insert(conn: &mut Conn, project_id: i64, def: &FieldDef) -> Result<i64> {
    let options = match &def.field_type {
        FieldType::Enum(opts) => {
            Some(serde_json::to_string(opts).map_err(|e| StoreError::Corrupt(e.to_string()))?)
        }
        _ => None,
    };
    let row = sqlx::query("INSERT INTO custom_fields (project_id, name, field_type, options) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(project_id)
        .bind(&def.name)
        .bind(def.field_type.as_str())
        .bind(options)
        .fetch_one(&mut *conn)
        .await?;
    Ok(row.try_get("id")?)
}

pub async fn list(conn: &mut Conn, project_id: i64) -> Result<Vec<StoredField>> {
    let rows = sqlx::query("SELECT id, name, field_type, options FROM custom_fields WHERE project_id = $1 ORDER BY name")
        .bind(project_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|row| {
            let word: String = row.try_get("field_type")?;
            let options: Option<String> = row.try_get("options")?;
            let options: Option<Vec<String>> = options
                .map(|o| serde_json::from_str(&o).map_err(|e| StoreError::Corrupt(e.to_string())))
                .transpose()?;
            let joined = options.map(|o| o.join(","));
            let field_type = FieldType::parse(&word, joined.as_deref())
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            Ok(StoredField {
                id: row.try_get("id")?,
                def: FieldDef {
                    name: row.try_get("name")?,
                    field_type,
                },
            })
        })
        .collect()
}

/// The two columns a value is stored in: text (text, date, enum, person handle) or number.
pub fn columns(value: &FieldValue) -> (Option<String>, Option<f64>) {
    match value {
        FieldValue::Number(n) => (None, Some(*n)),
        other => (Some(other.display()), None),
    }
}

pub async fn set_value(
    conn: &mut Conn,
    item_id: i64,
    field_id: i64,
    value: Option<&FieldValue>,
) -> Result<()> {
    match value {
        None => {
            sqlx::query("DELETE FROM item_field_values WHERE item_id = $1 AND field_id = $2")
                .bind(item_id)
                .bind(field_id)
                .execute(&mut *conn)
                .await?;
        }
        Some(value) => {
            let (text, number) = columns(value);
            sqlx::query(
                "INSERT INTO item_field_values (item_id, field_id, text_value, number_value) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (item_id, field_id) DO UPDATE SET text_value = excluded.text_value, number_value = excluded.number_value",
            )
            .bind(item_id)
            .bind(field_id)
            .bind(text)
            .bind(number)
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

/// An item's custom values as (field name, value text), by field name.
pub async fn values(conn: &mut Conn, item_id: i64) -> Result<Vec<(String, String)>> {
    let rows = sqlx::query(
        "SELECT f.name, v.text_value, v.number_value FROM item_field_values v
         JOIN custom_fields f ON f.id = v.field_id WHERE v.item_id = $1 ORDER BY f.name",
    )
    .bind(item_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            let text: Option<String> = row.try_get("text_value")?;
            let number: Option<f64> = row.try_get("number_value")?;
            let shown = text
                .or_else(|| number.map(|n| n.to_string()))
                .unwrap_or_default();
            Ok((row.try_get("name")?, shown))
        })
        .collect()
}

/// Inserts many values in multi-row statements: (item id, field id, value).
pub async fn insert_values_many(conn: &mut Conn, values: &[(i64, i64, FieldValue)]) -> Result<()> {
    let backend = crate::Backend::of_conn(conn);
    for chunk in values.chunks(1000) {
        let sql = crate::insert_values(
            "INSERT INTO item_field_values (item_id, field_id, text_value, number_value)",
            backend,
            chunk.len(),
            4,
            "",
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for (item, field, value) in chunk {
            let (text, number) = columns(value);
            query = query.bind(*item).bind(*field).bind(text).bind(number);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}
