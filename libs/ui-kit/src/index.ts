// The Designers Italia kit as the web app uses it: one place to see (and swap) which
// design-react-kit components the app depends on. Re-export only what a page imports, so the
// bundler keeps the rest of the kit out of the build.
export { Alert, Header, HeaderBrand, HeaderContent, HeaderRightZone, Headers } from 'design-react-kit';
