//! Macros for domain types. `stored_enum!`: an enum whose variants are stored and sent as fixed
//! snake_case strings.
//!
//! One declaration gives the variant list, `as_str`, `FromStr`, `Display`, serde as the string,
//! and (on the server) sqlx decoding from a TEXT column, so that the database, the wire and the
//! code agree on one spelling.

macro_rules! stored_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $text:literal ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $( $(#[$vmeta])* $variant ),+ }

        impl $name {
            /// Every variant, in declaration order (the order used in lists and tables).
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored spelling, as in the database and on the wire.
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::domain::DomainError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err($crate::domain::DomainError::UnknownValue {
                        kind: stringify!($name),
                        value: s.to_owned(),
                    }),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                s.parse().map_err(::serde::de::Error::custom)
            }
        }

        $crate::sql_text_type!($name);
    };
}

/// On the server, a type that parses from text decodes from a TEXT column.
#[cfg(feature = "ssr")]
#[macro_export]
#[doc(hidden)]
macro_rules! sql_text_type {
    ($name:ty) => {
        impl ::sqlx::Type<::sqlx::Any> for $name {
            fn type_info() -> ::sqlx::any::AnyTypeInfo {
                <String as ::sqlx::Type<::sqlx::Any>>::type_info()
            }
            fn compatible(ty: &::sqlx::any::AnyTypeInfo) -> bool {
                <String as ::sqlx::Type<::sqlx::Any>>::compatible(ty)
            }
        }
        impl<'r> ::sqlx::Decode<'r, ::sqlx::Any> for $name {
            fn decode(
                value: ::sqlx::any::AnyValueRef<'r>,
            ) -> Result<Self, ::sqlx::error::BoxDynError> {
                let text = <&str as ::sqlx::Decode<'r, ::sqlx::Any>>::decode(value)?;
                Ok(text.parse::<$name>()?)
            }
        }
    };
}

#[cfg(not(feature = "ssr"))]
#[macro_export]
#[doc(hidden)]
macro_rules! sql_text_type {
    ($name:ty) => {};
}

/// On the server, a type that converts from `i64` decodes from an INTEGER/BIGINT column.
#[cfg(feature = "ssr")]
#[macro_export]
#[doc(hidden)]
macro_rules! sql_int_type {
    ($name:ty) => {
        impl ::sqlx::Type<::sqlx::Any> for $name {
            fn type_info() -> ::sqlx::any::AnyTypeInfo {
                <i64 as ::sqlx::Type<::sqlx::Any>>::type_info()
            }
            fn compatible(ty: &::sqlx::any::AnyTypeInfo) -> bool {
                <i64 as ::sqlx::Type<::sqlx::Any>>::compatible(ty)
            }
        }
        impl<'r> ::sqlx::Decode<'r, ::sqlx::Any> for $name {
            fn decode(
                value: ::sqlx::any::AnyValueRef<'r>,
            ) -> Result<Self, ::sqlx::error::BoxDynError> {
                let number = <i64 as ::sqlx::Decode<'r, ::sqlx::Any>>::decode(value)?;
                Ok(<$name>::try_from(number)?)
            }
        }
    };
}

#[cfg(not(feature = "ssr"))]
#[macro_export]
#[doc(hidden)]
macro_rules! sql_int_type {
    ($name:ty) => {};
}
