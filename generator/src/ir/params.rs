//! One parameter of an operation: its location, type and how its value is written
//! ([`ParamEncoding`]): a scalar or an array of scalars, an object in the query (`form`,
//! exploded or not, or `deepObject`), JSON text (`content: application/json`), or a cookie.
//! The wire rules themselves are the runtime's (`wire/params.rs`); this file decides which one
//! a parameter uses and rejects what none of them can write, at the parameter's location.

use openapiv3::{Parameter, ParameterSchemaOrContent, QueryStyle, SchemaKind, Type};

use super::docs::doc_text;
use super::{Builder, ObjectStyle, Param, ParamEncoding, ParamIn, Ty};
use crate::error::Result;
use crate::naming;
use crate::pointer::join;

/// Header parameters OpenAPI says to ignore: the client sets them.
const IGNORED_HEADERS: &[&str] = &["accept", "content-type", "authorization"];

impl Builder<'_> {
    /// The parameter `param` (resolved, at `pointer`) of the operation whose builder is
    /// `builder`; `None` for a header the client sets itself.
    pub(super) fn param(
        &mut self,
        builder: &str,
        param: &Parameter,
        pointer: &str,
        scope: &mut naming::Scope,
    ) -> Result<Option<Param>> {
        let data = param.parameter_data_ref();
        let (location, explode, style) = match param {
            Parameter::Path { .. } => (ParamIn::Path, data.explode.unwrap_or(false), None),
            Parameter::Query { style, .. } => {
                let deep = match style {
                    QueryStyle::Form => false,
                    QueryStyle::DeepObject => true,
                    other => {
                        return Err(self.err(
                            &join(pointer, "style"),
                            format!(
                                "query parameter style {other:?} is not supported; only `form` \
                                 and `deepObject` are"
                            ),
                        ))
                    }
                };
                (ParamIn::Query, data.explode.unwrap_or(true), Some(deep))
            }
            Parameter::Header { .. } => (ParamIn::Header, data.explode.unwrap_or(false), None),
            Parameter::Cookie { .. } => (ParamIn::Cookie, data.explode.unwrap_or(true), None),
        };
        if location == ParamIn::Header
            && IGNORED_HEADERS.contains(&data.name.to_lowercase().as_str())
        {
            return Ok(None);
        }
        let context = naming::member_type(builder, &data.name);
        let (ty, encoding, schema) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                let schema_pointer = join(pointer, "schema");
                let ty = self.ty(schema, &context, &schema_pointer)?;
                let object = matches!(ty, Ty::Map(_) | Ty::JsonObject)
                    || self.resolve(schema, &schema_pointer).is_ok_and(|found| {
                        matches!(found.item.schema_kind, SchemaKind::Type(Type::Object(_)))
                    });
                let encoding = match (location, style) {
                    (ParamIn::Query, Some(deep)) if object => ParamEncoding::Object(match deep {
                        true => ObjectStyle::DeepObject,
                        false if explode => ObjectStyle::FormExploded,
                        false => ObjectStyle::Form,
                    }),
                    (ParamIn::Query, Some(true)) => {
                        return Err(self.err(
                            &join(pointer, "style"),
                            "style `deepObject` is for object parameters; this one is not an \
                             object",
                        ))
                    }
                    (ParamIn::Cookie, _) if object || matches!(ty, Ty::Vec(_) | Ty::Json) => {
                        return Err(self.err(
                            &schema_pointer,
                            "cookie parameters must be scalars, not objects or arrays",
                        ))
                    }
                    _ if object
                        || matches!(ty, Ty::Vec(ref inner) if !inner.is_scalar())
                        || matches!(ty, Ty::Map(_) | Ty::Json | Ty::JsonObject) =>
                    {
                        return Err(self.err(
                            &schema_pointer,
                            format!(
                                "only scalar and array-of-scalar {} parameters are supported \
                                 (objects only in the query)",
                                location.as_str()
                            ),
                        ))
                    }
                    _ => ParamEncoding::Plain,
                };
                (ty, encoding, Some((schema, schema_pointer)))
            }
            ParameterSchemaOrContent::Content(content) => {
                let content_pointer = join(pointer, "content");
                let mut media = content.iter();
                let (Some((media_type, media)), None) = (media.next(), media.next()) else {
                    return Err(self.err(
                        &content_pointer,
                        format!(
                            "a parameter's `content` must have exactly one media type; this one \
                             has {}",
                            content.len()
                        ),
                    ));
                };
                let essence = media_type.split(';').next().unwrap_or("").trim();
                let json = essence.eq_ignore_ascii_case("application/json")
                    || essence.to_ascii_lowercase().ends_with("+json");
                let media_pointer = join(&content_pointer, media_type);
                if !json {
                    return Err(self.err(
                        &media_pointer,
                        format!("parameter content `{media_type}` is not supported; only JSON is"),
                    ));
                }
                if location != ParamIn::Query {
                    return Err(self.err(
                        &content_pointer,
                        format!(
                            "JSON `content` is supported in query parameters only, not in a {} \
                             parameter",
                            location.as_str()
                        ),
                    ));
                }
                let Some(schema) = &media.schema else {
                    return Err(self.err(&media_pointer, "parameter content has no `schema`"));
                };
                let schema_pointer = join(&media_pointer, "schema");
                let ty = self.ty(schema, &context, &schema_pointer)?;
                (ty, ParamEncoding::Json, Some((schema, schema_pointer)))
            }
        };
        let default = schema
            .and_then(|(schema, at)| self.resolve(schema, &at).ok())
            .and_then(|found| found.item.schema_data.default.clone());
        let mut doc = doc_text(&[data.description.as_deref()]);
        if doc.is_empty() {
            doc = format!("The `{}` {} parameter.", data.name, location.as_str());
        }
        Ok(Some(Param {
            name: scope.claim(&naming::param(&data.name)),
            api_name: data.name.clone(),
            location,
            required: data.required || location == ParamIn::Path,
            ty,
            explode,
            encoding,
            doc,
            default,
        }))
    }
}
