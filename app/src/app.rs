//! The HTML shell and the route table: every page of Lägesbild and its address.

use crate::components::{Footer, Header, ProvideVisit};
use crate::i18n::I18nContextProvider;
use crate::models::{HistoryKind, ReportSubjectKind};
use crate::pages::{
    AccessibilityPage, AccountPage, ApiReferencePage, AreasPage, AssignmentDeadlinesPage,
    AssignmentEditPage, AssignmentPage, AssignmentsPage, ChangesPage, ComparisonPage, CountiesPage,
    CountyPage, CoveragePage, DataPage, DeadlinesPage, FlagsPage, FundingEditPage, FundingPage,
    HistoryPage, ImportPage, ImportPreviewPage, IndicatorEditPage, MeasureEditPage, MeasurePage,
    MeasuresPage, MyWorkPage, NotFoundPage, OversightPage, OverviewPage, PasswordLinkPage,
    PlanAsOfPage, RegionalRowPage, ReportPage, SecondFactorPage, SignInPage, UserPage, UsersPage,
};
use leptos::prelude::*;
use leptos_i18n::context::UseLocalesOptions;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

/// The document around the app, rendered on the server. Everything it loads comes from this
/// server: no CDN, no fonts from elsewhere.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_content_security_policy(&options);
    // Files are linked under names that carry their content (`server::assets`).
    #[cfg(feature = "ssr")]
    let (options, href) = {
        let assets = use_context::<crate::server::AppState>().map(|state| state.assets);
        let mut options = options;
        if let Some(bundle) = assets.as_ref().and_then(|assets| assets.bundle()) {
            options.output_name = bundle.into();
        }
        let href = move |address: &str| {
            assets
                .as_ref()
                .map_or_else(|| address.to_owned(), |assets| assets.href(address))
        };
        (options, href)
    };
    #[cfg(not(feature = "ssr"))]
    let href = |address: &str| address.to_owned();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="stylesheet" href=href("/pkg/lagesbild.css")/>
                <link rel="icon" href=href("/favicon.svg") type="image/svg+xml"/>
                // Draws the charts of a page; loads ECharts and the county outline, from the
                // addresses given here, only on a page that has a chart or a map.
                <script
                    src=href("/charts.js")
                    data-echarts=href("/vendor/echarts.min.js")
                    data-outline=href("/sweden-counties.geojson")
                    defer
                ></script>
                <HydrationScripts options islands=true/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The page's Content-Security-Policy: scripts only from this server and the inline ones
/// Leptos marks with this response's nonce (no `unsafe-inline` scripts); WebAssembly may be
/// compiled; nothing loads from anywhere else; no site may frame the page. Inline `style`
/// attributes (progress bars) are allowed.
#[cfg(feature = "ssr")]
fn set_content_security_policy(options: &LeptosOptions) {
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    // Under `cargo leptos watch` (`./lagesbild dev`) the page listens for finished builds on
    // the reload port, and reloads itself.
    let reload = if std::env::var("LEPTOS_WATCH").is_ok() {
        let port = options.reload_port;
        format!(" ws://127.0.0.1:{port} ws://localhost:{port}")
    } else {
        String::new()
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'{reload}; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = http::HeaderValue::from_str(&policy) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

/// The application: language context, frame and routes. Pages are rendered completely on the
/// server before they are sent (`SsrMode::Async`), so they read without JavaScript and a page
/// for an unknown code is sent with status 404. Only on the server: the browser hydrates the
/// islands alone, so links and forms are plain HTML that the server answers.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Swedish unless the reader chose English (remembered in a cookie): the browser's
    // Accept-Language is not consulted.
    let no_accept_language = UseLocalesOptions::default().ssr_lang_header_getter(|| None);
    view! {
        <I18nContextProvider ssr_lang_header_getter=no_accept_language>
            <Title formatter=|page: String| if page.is_empty() { "Lägesbild".to_owned() } else { format!("{page} – Lägesbild") }/>
            <Router>
                <ProvideVisit>
                <Header/>
                <main id="main" tabindex="-1">
                    <Routes fallback=NotFoundPage>
                        <Route path=path!("/") view=OverviewPage ssr=SsrMode::Async/>
                        <Route path=path!("/sign-in") view=SignInPage ssr=SsrMode::Async/>
                        <Route path=path!("/sign-in/code") view=SecondFactorPage ssr=SsrMode::Async/>
                        <Route path=path!("/password") view=PasswordLinkPage ssr=SsrMode::Async/>
                        <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async/>
                        <Route path=path!("/oversight") view=OversightPage ssr=SsrMode::Async/>
                        <Route path=path!("/my-work") view=MyWorkPage ssr=SsrMode::Async/>
                        <Route path=path!("/deadlines") view=DeadlinesPage ssr=SsrMode::Async/>
                        <Route path=path!("/funding") view=FundingPage ssr=SsrMode::Async/>
                        <Route path=path!("/admin/users") view=UsersPage ssr=SsrMode::Async/>
                        <Route path=path!("/admin/users/:id") view=UserPage ssr=SsrMode::Async/>
                        <Route path=path!("/oversight/as-of") view=PlanAsOfPage ssr=SsrMode::Async/>
                        <Route path=path!("/oversight/flags") view=FlagsPage ssr=SsrMode::Async/>
                        <Route path=path!("/oversight/changes") view=ChangesPage ssr=SsrMode::Async/>
                        <Route path=path!("/measures") view=MeasuresPage ssr=SsrMode::Async/>
                        <Route path=path!("/measures/new") view=MeasureEditPage ssr=SsrMode::Async/>
                        <Route path=path!("/measures/:code") view=MeasurePage ssr=SsrMode::Async/>
                        <Route path=path!("/measures/:code/edit") view=MeasureEditPage ssr=SsrMode::Async/>
                        <Route path=path!("/measures/:code/funding") view=FundingEditPage ssr=SsrMode::Async/>
                        <Route path=path!("/measures/:code/indicators") view=IndicatorEditPage ssr=SsrMode::Async/>
                        <Route path=path!("/measures/:code/report") view=|| view! { <ReportPage kind=ReportSubjectKind::Measure/> } ssr=SsrMode::Async/>
                        <Route path=path!("/measures/:code/history") view=|| view! { <HistoryPage kind=HistoryKind::Measure/> } ssr=SsrMode::Async/>
                        <Route path=path!("/accessibility") view=AccessibilityPage ssr=SsrMode::Async/>
                        <Route path=path!("/areas") view=AreasPage ssr=SsrMode::Async/>
                        <Route path=path!("/assignments") view=AssignmentsPage ssr=SsrMode::Async/>
                        <Route path=path!("/assignments/new") view=AssignmentEditPage ssr=SsrMode::Async/>
                        <Route path=path!("/assignments/:slug") view=AssignmentPage ssr=SsrMode::Async/>
                        <Route path=path!("/assignments/:slug/edit") view=AssignmentEditPage ssr=SsrMode::Async/>
                        <Route path=path!("/assignments/:slug/deadlines") view=AssignmentDeadlinesPage ssr=SsrMode::Async/>
                        <Route path=path!("/assignments/:slug/report") view=|| view! { <ReportPage kind=ReportSubjectKind::Assignment/> } ssr=SsrMode::Async/>
                        <Route path=path!("/assignments/:slug/history") view=|| view! { <HistoryPage kind=HistoryKind::Assignment/> } ssr=SsrMode::Async/>
                        <Route path=path!("/compare") view=ComparisonPage ssr=SsrMode::Async/>
                        <Route path=path!("/coverage") view=CoveragePage ssr=SsrMode::Async/>
                        <Route path=path!("/data") view=DataPage ssr=SsrMode::Async/>
                        <Route path=path!("/data/api") view=ApiReferencePage ssr=SsrMode::Async/>
                        <Route path=path!("/data/import") view=ImportPage ssr=SsrMode::Async/>
                        <Route path=path!("/data/import/:id") view=ImportPreviewPage ssr=SsrMode::Async/>
                        <Route path=path!("/counties") view=CountiesPage ssr=SsrMode::Async/>
                        <Route path=path!("/counties/:code") view=CountyPage ssr=SsrMode::Async/>
                        <Route path=path!("/counties/:code/rows/:measure") view=RegionalRowPage ssr=SsrMode::Async/>
                        <Route path=path!("/counties/:code/history") view=|| view! { <HistoryPage kind=HistoryKind::County/> } ssr=SsrMode::Async/>
                    </Routes>
                </main>
                <Footer/>
                </ProvideVisit>
            </Router>
        </I18nContextProvider>
    }
}
