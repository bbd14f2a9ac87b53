//! What a project allows, loaded once per use case: workflow, kinds, departments,
//! custom fields, members. Item inputs are checked against it.

use crate::input::blank_to_none;
use crate::sight::Sight;
use crate::{AppError, Ctx, Result};
use callsheet_core::Date;
use callsheet_core::effort::parse_estimate;
use callsheet_core::field::FieldValue;
use callsheet_core::ids::{ItemKey, parse_handle, parse_slug};
use callsheet_core::item::{Priority, Severity};
use callsheet_core::parse_date;
use callsheet_core::project::Project;
use callsheet_store::fields::StoredField;
use callsheet_store::workflow::StoredWorkflow;
use callsheet_store::{Tx, fields, items, projects, workflow};
use std::collections::{HashMap, HashSet};

pub(crate) struct Catalog {
    pub project: Project,
    pub workflow: StoredWorkflow,
    pub kinds: HashSet<String>,
    pub departments: HashSet<String>,
    pub fields: Vec<StoredField>,
    /// Member handle -> person id.
    pub members: HashMap<String, i64>,
    /// Item key -> (id, kind), filled as references are looked up.
    item_cache: HashMap<String, (i64, String)>,
    /// Who is acting: references are checked against what they may see.
    actor: Ctx,
    /// What the actor may see, worked out the first time a reference is looked up.
    sight: Option<Sight>,
}

/// Which parts of the catalog a use case needs: a change to an item's priority needs
/// none of them, so it reads none of them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Needs {
    pub workflow: bool,
    pub kinds: bool,
    pub departments: bool,
    pub fields: bool,
    pub members: bool,
}

impl Needs {
    /// Everything: creating items checks every field.
    pub const ALL: Needs = Needs {
        workflow: true,
        kinds: true,
        departments: true,
        fields: true,
        members: true,
    };

    /// Only the people of the project.
    pub const MEMBERS: Needs = Needs {
        workflow: false,
        kinds: false,
        departments: false,
        fields: false,
        members: true,
    };
}

impl Catalog {
    /// The parts of a project's catalog that `needs` asks for; the rest stay empty.
    pub async fn for_project(
        tx: &mut Tx,
        project: Project,
        actor: &Ctx,
        needs: Needs,
    ) -> Result<Self> {
        let workflow = match needs.workflow {
            true => workflow::load(tx, project.id).await?,
            false => StoredWorkflow::default(),
        };
        let kinds = match needs.kinds {
            true => projects::kinds(tx, project.id).await?.into_iter().collect(),
            false => HashSet::new(),
        };
        let departments = match needs.departments {
            true => projects::departments(tx).await?.into_iter().collect(),
            false => HashSet::new(),
        };
        let fields = match needs.fields {
            true => fields::list(tx, project.id).await?,
            false => Vec::new(),
        };
        let members = match needs.members {
            true => projects::members(tx, project.id)
                .await?
                .into_iter()
                .map(|m| (m.handle, m.person_id))
                .collect(),
            false => HashMap::new(),
        };
        Ok(Self {
            project,
            workflow,
            kinds,
            departments,
            fields,
            members,
            item_cache: HashMap::new(),
            actor: actor.clone(),
            sight: None,
        })
    }

    pub fn kind(&self, raw: &str) -> Result<String> {
        let kind = parse_slug("kind", raw)?;
        if !self.kinds.contains(&kind) {
            let mut known: Vec<&str> = self.kinds.iter().map(String::as_str).collect();
            known.sort_unstable();
            return Err(AppError::invalid(
                "kind",
                raw,
                format!("{} has the kinds: {}", self.project.key, known.join(", ")),
            ));
        }
        Ok(kind)
    }

    pub fn priority(&self, raw: Option<&str>) -> Result<Priority> {
        Ok(raw
            .and_then(blank_to_none)
            .map(Priority::parse)
            .transpose()?
            .unwrap_or(Priority::Medium))
    }

    pub fn severity(&self, raw: Option<&str>, kind: &str) -> Result<Option<Severity>> {
        let severity = raw
            .and_then(blank_to_none)
            .map(Severity::parse)
            .transpose()?;
        if severity.is_some() && kind != "bug" {
            return Err(AppError::invalid(
                "severity",
                raw.unwrap_or_default(),
                format!("only bugs have a severity, and this is a {kind}"),
            ));
        }
        Ok(severity)
    }

    /// A member's person id by handle; `field` names the field in the error.
    pub fn member(&self, field: &str, raw: &str) -> Result<i64> {
        let handle = parse_handle(raw)
            .map_err(|_| AppError::invalid(field, raw, "expected a person's handle"))?;
        self.members.get(&handle).copied().ok_or_else(|| {
            AppError::invalid(
                field,
                raw,
                format!("{handle} is not a member of {}", self.project.key),
            )
        })
    }

    pub fn optional_member(&self, field: &str, raw: Option<&str>) -> Result<Option<i64>> {
        raw.and_then(blank_to_none)
            .map(|h| self.member(field, h))
            .transpose()
    }

    pub fn department(&self, raw: Option<&str>) -> Result<Option<String>> {
        let Some(raw) = raw.and_then(blank_to_none) else {
            return Ok(None);
        };
        let dept = parse_slug("department", raw)?;
        if !self.departments.contains(&dept) {
            let mut known: Vec<&str> = self.departments.iter().map(String::as_str).collect();
            known.sort_unstable();
            return Err(AppError::invalid(
                "department",
                raw,
                format!("the studio's departments are: {}", known.join(", ")),
            ));
        }
        Ok(Some(dept))
    }

    pub fn estimate(raw: Option<&str>) -> Result<Option<i64>> {
        Ok(raw
            .and_then(blank_to_none)
            .map(parse_estimate)
            .transpose()?)
    }

    pub fn date(field: &str, raw: Option<&str>) -> Result<Option<Date>> {
        Ok(raw
            .and_then(blank_to_none)
            .map(|d| parse_date(field, d))
            .transpose()?)
    }

    /// A custom field value checked against its definition: (field id, name, value or clear).
    pub fn custom(&self, name: &str, raw: &str) -> Result<(i64, String, Option<FieldValue>)> {
        let field = self
            .fields
            .iter()
            .find(|f| f.def.name.eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| {
                let known: Vec<&str> = self.fields.iter().map(|f| f.def.name.as_str()).collect();
                let hint = if known.is_empty() {
                    "it has no custom fields".to_string()
                } else {
                    format!("its fields are: {}", known.join(", "))
                };
                AppError::invalid(
                    "field",
                    name,
                    format!("{} has no such field; {hint}", self.project.key),
                )
            })?;
        let value = match blank_to_none(raw) {
            None => None,
            Some(_) => {
                let value = field.def.parse_value(raw)?;
                if let FieldValue::Person(handle) = &value {
                    self.member(&field.def.name, handle)?;
                }
                Some(value)
            }
        };
        Ok((field.id, field.def.name.clone(), value))
    }

    /// Looks up a milestone of this project by key: (id, canonical key).
    pub async fn milestone(&mut self, tx: &mut Tx, raw: &str) -> Result<(i64, String)> {
        let (id, kind, key) = self.item(tx, "milestone", raw).await?;
        if kind != "milestone" {
            return Err(AppError::invalid(
                "milestone",
                raw,
                format!("{key} is a {kind}, not a milestone"),
            ));
        }
        Ok((id, key))
    }

    /// Looks up an item of this project by key: (id, kind, canonical key). An item the
    /// actor may not see is answered exactly like one that does not exist.
    pub async fn item(
        &mut self,
        tx: &mut Tx,
        field: &str,
        raw: &str,
    ) -> Result<(i64, String, String)> {
        let key: ItemKey = raw
            .parse()
            .map_err(|_| AppError::invalid(field, raw, "expected an item key like NJ-12"))?;
        let text = key.to_string();
        if let Some((id, kind)) = self.item_cache.get(&text) {
            return Ok((*id, kind.clone(), text));
        }
        if key.project.as_str() != self.project.key {
            return Err(AppError::invalid(
                field,
                raw,
                format!("must be an item of {}", self.project.key),
            ));
        }
        let row = items::by_key(tx, key.project.as_str(), key.number)
            .await?
            .ok_or_else(|| AppError::not_found("item", text.clone()))?;
        if self.sight.is_none() {
            self.sight = Some(Sight::of(tx, &self.actor).await?);
        }
        if let Some(sight) = &self.sight {
            sight.require(tx, row.id, &text).await?;
        }
        self.item_cache
            .insert(text.clone(), (row.id, row.kind.clone()));
        Ok((row.id, row.kind, text))
    }
}
