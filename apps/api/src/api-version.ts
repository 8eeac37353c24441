// The OpenAPI document's semver (ModI asks for one); bump it with every contract change.
export const API_VERSION = '0.2.0';
