// Ambient type of the `mnist` package (CommonJS, ships no types): only what datasets.ts reads.
declare module 'mnist' {
  interface MnistDigit {
    id: number;
    raw: number[];
    length: number;
  }
  const mnist: MnistDigit[];
  export default mnist;
}
