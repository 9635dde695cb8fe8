/** CSV files imported as text (esbuild's text loader). */
declare module "*.csv" {
  const text: string;
  export default text;
}
