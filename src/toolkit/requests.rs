//! Request values in one short expression: constructors for the generated request types whose
//! fields are required (so they have no `Default`), and builder-style helpers for searches.
//!
//! Every property argument takes a name (`"hs_call_direction"`) or a
//! [`CallProperty`](crate::toolkit::properties::CallProperty).
//!
//! | type | constructors and helpers |
//! |---|---|
//! | [`Filter`] | one per HubSpot operator: [`eq`](Filter::eq), [`neq`](Filter::neq), [`lt`](Filter::lt), [`lte`](Filter::lte), [`gt`](Filter::gt), [`gte`](Filter::gte), [`between`](Filter::between), [`in_`](Filter::in_), [`not_in`](Filter::not_in), [`has_property`](Filter::has_property), [`not_has_property`](Filter::not_has_property), [`contains_token`](Filter::contains_token), [`not_contains_token`](Filter::not_contains_token) |
//! | [`FilterGroup`] | [`all`](FilterGroup::all) (its filters are ANDed); `From<Filter>` |
//! | [`SortOption`] | [`ascending`](SortOption::ascending), [`descending`](SortOption::descending) |
//! | [`CallSearchRequest`] | [`with_filter_group`](CallSearchRequest::with_filter_group) (groups are ORed), [`with_sort`](CallSearchRequest::with_sort), [`with_properties`](CallSearchRequest::with_properties), [`with_query`](CallSearchRequest::with_query), [`with_limit`](CallSearchRequest::with_limit) |
//! | [`BatchReadCallsRequest`] | [`new`](BatchReadCallsRequest::new), [`with_properties`](BatchReadCallsRequest::with_properties) |
//! | [`BatchArchiveCallsRequest`] | [`new`](BatchArchiveCallsRequest::new) |
//! | [`GdprDeleteRequest`] | [`new`](GdprDeleteRequest::new) |
//! | [`CompletedThirdPartyCallRequest`] | [`new`](CompletedThirdPartyCallRequest::new) |
//! | [`FormattedPhoneNumber`] | [`new`](FormattedPhoneNumber::new) |
//!
//! The search of HubSpot's example (seed 003): outbound calls, newest first, three properties.
//!
//! ```
//! use hubspot_calling::calls::{CallSearchRequest, Filter, FilterGroup, SortDirection};
//! use hubspot_calling::toolkit::properties::CallProperty;
//!
//! let search = CallSearchRequest::default()
//!     .with_filter_group(Filter::eq(CallProperty::Direction, "OUTBOUND"))
//!     .with_sort(CallProperty::Timestamp, SortDirection::Descending)
//!     .with_properties([CallProperty::Title, CallProperty::Direction, CallProperty::Timestamp])
//!     .with_limit(10);
//! use hubspot_calling::types::serde_json::{json, to_value};
//! assert_eq!(
//!     to_value(&search).unwrap(),
//!     json!({
//!         "filterGroups": [{"filters": [
//!             {"propertyName": "hs_call_direction", "operator": "EQ", "value": "OUTBOUND"}]}],
//!         "sorts": [{"propertyName": "hs_timestamp", "direction": "DESCENDING"}],
//!         "properties": ["hs_call_title", "hs_call_direction", "hs_timestamp"],
//!         "limit": 10
//!     })
//! );
//!
//! // Completed calls longer than a minute, or any call with a recording.
//! let search = CallSearchRequest::default()
//!     .with_filter_group(FilterGroup::all([
//!         Filter::eq(CallProperty::Status, "COMPLETED"),
//!         Filter::gt(CallProperty::Duration, "60000"),
//!     ]))
//!     .with_filter_group(Filter::has_property(CallProperty::RecordingUrl));
//! assert_eq!(search.filter_groups.len(), 2);
//! ```

use crate::calling_extensions::{
    CompletedThirdPartyCallRequest, FinalCallStatus, FormattedPhoneNumber, PhoneNumberType,
};
use crate::calls::{
    BatchArchiveCallsRequest, BatchReadCallsRequest, BatchReadInput, CallSearchRequest, Filter,
    FilterGroup, FilterOperator, GdprDeleteRequest, SortDirection, SortOption,
};

fn strings(values: impl IntoIterator<Item = impl Into<String>>) -> Vec<String> {
    values.into_iter().map(Into::into).collect()
}

impl Filter {
    /// A filter with `operator` and no value (set `value`, `values` or `high_value` yourself, or
    /// use the constructor named after the operator).
    pub fn new(property: impl Into<String>, operator: FilterOperator) -> Filter {
        Filter {
            property_name: property.into(),
            operator,
            value: None,
            values: Vec::new(),
            high_value: None,
        }
    }

    fn with_value(property: impl Into<String>, operator: FilterOperator, value: String) -> Filter {
        Filter {
            value: Some(value),
            ..Filter::new(property, operator)
        }
    }

    /// `EQ`: the property equals `value`.
    pub fn eq(property: impl Into<String>, value: impl Into<String>) -> Filter {
        Filter::with_value(property, FilterOperator::Eq, value.into())
    }

    /// `NEQ`: the property does not equal `value`.
    pub fn neq(property: impl Into<String>, value: impl Into<String>) -> Filter {
        Filter::with_value(property, FilterOperator::Neq, value.into())
    }

    /// `LT`: the property is less than `value`.
    pub fn lt(property: impl Into<String>, value: impl Into<String>) -> Filter {
        Filter::with_value(property, FilterOperator::Lt, value.into())
    }

    /// `LTE`: the property is less than or equal to `value`.
    pub fn lte(property: impl Into<String>, value: impl Into<String>) -> Filter {
        Filter::with_value(property, FilterOperator::Lte, value.into())
    }

    /// `GT`: the property is greater than `value`.
    pub fn gt(property: impl Into<String>, value: impl Into<String>) -> Filter {
        Filter::with_value(property, FilterOperator::Gt, value.into())
    }

    /// `GTE`: the property is greater than or equal to `value`.
    pub fn gte(property: impl Into<String>, value: impl Into<String>) -> Filter {
        Filter::with_value(property, FilterOperator::Gte, value.into())
    }

    /// `BETWEEN`: the property lies between `low` and `high` (HubSpot's `value` and
    /// `highValue`, both included).
    pub fn between(
        property: impl Into<String>,
        low: impl Into<String>,
        high: impl Into<String>,
    ) -> Filter {
        Filter {
            high_value: Some(high.into()),
            ..Filter::with_value(property, FilterOperator::Between, low.into())
        }
    }

    /// `IN`: the property is one of `values`.
    pub fn in_(
        property: impl Into<String>,
        values: impl IntoIterator<Item = impl Into<String>>,
    ) -> Filter {
        Filter {
            values: strings(values),
            ..Filter::new(property, FilterOperator::In)
        }
    }

    /// `NOT_IN`: the property is none of `values`.
    pub fn not_in(
        property: impl Into<String>,
        values: impl IntoIterator<Item = impl Into<String>>,
    ) -> Filter {
        Filter {
            values: strings(values),
            ..Filter::new(property, FilterOperator::NotIn)
        }
    }

    /// `HAS_PROPERTY`: the property has a value.
    pub fn has_property(property: impl Into<String>) -> Filter {
        Filter::new(property, FilterOperator::HasProperty)
    }

    /// `NOT_HAS_PROPERTY`: the property has no value.
    pub fn not_has_property(property: impl Into<String>) -> Filter {
        Filter::new(property, FilterOperator::NotHasProperty)
    }

    /// `CONTAINS_TOKEN`: the property contains the word `token` (`*` is a wildcard).
    pub fn contains_token(property: impl Into<String>, token: impl Into<String>) -> Filter {
        Filter::with_value(property, FilterOperator::ContainsToken, token.into())
    }

    /// `NOT_CONTAINS_TOKEN`: the property does not contain the word `token`.
    pub fn not_contains_token(property: impl Into<String>, token: impl Into<String>) -> Filter {
        Filter::with_value(property, FilterOperator::NotContainsToken, token.into())
    }
}

impl FilterGroup {
    /// A group of `filters` that must all match (HubSpot ANDs the filters of a group).
    pub fn all(filters: impl IntoIterator<Item = Filter>) -> FilterGroup {
        FilterGroup {
            filters: filters.into_iter().collect(),
        }
    }
}

impl From<Filter> for FilterGroup {
    /// A group of one filter.
    fn from(filter: Filter) -> Self {
        FilterGroup::all([filter])
    }
}

impl SortOption {
    /// Sort by `property`, smallest first.
    pub fn ascending(property: impl Into<String>) -> SortOption {
        SortOption {
            property_name: property.into(),
            direction: Some(SortDirection::Ascending),
        }
    }

    /// Sort by `property`, largest (newest) first.
    pub fn descending(property: impl Into<String>) -> SortOption {
        SortOption {
            property_name: property.into(),
            direction: Some(SortDirection::Descending),
        }
    }
}

impl CallSearchRequest {
    /// Adds a filter group: a call matches the search when it matches every filter of at least
    /// one group (HubSpot ORs the groups). Takes a [`FilterGroup`] or a single [`Filter`].
    pub fn with_filter_group(mut self, group: impl Into<FilterGroup>) -> Self {
        self.filter_groups.push(group.into());
        self
    }

    /// Adds a sort (sorts apply in the order they are added).
    pub fn with_sort(mut self, property: impl Into<String>, direction: SortDirection) -> Self {
        self.sorts.push(SortOption {
            property_name: property.into(),
            direction: Some(direction),
        });
        self
    }

    /// The properties each result carries.
    pub fn with_properties(
        mut self,
        properties: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        self.properties = strings(properties);
        self
    }

    /// Full-text search in the calls' default searchable properties.
    pub fn with_query(mut self, query: impl Into<String>) -> Self {
        self.query = Some(query.into());
        self
    }

    /// Results per page (HubSpot accepts at most 200).
    pub fn with_limit(mut self, limit: i64) -> Self {
        self.limit = Some(limit);
        self
    }
}

impl BatchReadCallsRequest {
    /// Reads the calls with these IDs, with HubSpot's default properties.
    pub fn new(ids: impl IntoIterator<Item = impl Into<String>>) -> Self {
        BatchReadCallsRequest {
            inputs: ids
                .into_iter()
                .map(|id| BatchReadInput { id: id.into() })
                .collect(),
            ..Default::default()
        }
    }

    /// The properties each call carries.
    pub fn with_properties(
        mut self,
        properties: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        self.properties = strings(properties);
        self
    }
}

impl BatchArchiveCallsRequest {
    /// Archives the calls with these IDs.
    pub fn new(ids: impl IntoIterator<Item = impl Into<String>>) -> Self {
        BatchArchiveCallsRequest {
            inputs: ids
                .into_iter()
                .map(|id| BatchReadInput { id: id.into() })
                .collect(),
        }
    }
}

impl GdprDeleteRequest {
    /// Permanently deletes the call with this ID.
    pub fn new(object_id: impl Into<String>) -> Self {
        GdprDeleteRequest {
            object_id: object_id.into(),
            id_property: None,
        }
    }
}

impl FormattedPhoneNumber {
    /// A phone number in E.164 form (`+14155550100`), without an extension.
    pub fn new(e164_number: impl Into<String>, phone_number_type: PhoneNumberType) -> Self {
        FormattedPhoneNumber {
            e164_number: e164_number.into(),
            extension: None,
            phone_number_type,
        }
    }
}

impl CompletedThirdPartyCallRequest {
    /// An inbound call with HubSpot's required fields: the calling app's own ID of the call, how
    /// it ended, the caller's and the called number, and whether HubSpot logs a call engagement
    /// for it. The optional fields (`call_started_timestamp`, `duration_seconds`, `user_id`,
    /// `potential_recipient_user_ids`, `engagement_properties`) are unset: assign them.
    pub fn new(
        external_call_id: impl Into<String>,
        final_call_status: FinalCallStatus,
        from_number: FormattedPhoneNumber,
        to_number: FormattedPhoneNumber,
        create_engagement: bool,
    ) -> Self {
        CompletedThirdPartyCallRequest {
            call_started_timestamp: None,
            create_engagement,
            duration_seconds: None,
            engagement_properties: Default::default(),
            external_call_id: external_call_id.into(),
            final_call_status,
            from_number,
            potential_recipient_user_ids: Vec::new(),
            to_number,
            user_id: None,
        }
    }
}
