// Tests read JSON bodies whose shape the assertions themselves check; `unknown` there
// would only add casts. This widens Response#json to `any` for test files only.
declare global {
  interface Response {
    json(): Promise<any>;
  }
}
export {};
