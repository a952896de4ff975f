// The part of jstat (no bundled types) that roundtable stats uses.
declare module 'jstat' {
  const jstat: {
    jStat: {
      studentt: { inv(p: number, dof: number): number };
      mean(values: number[]): number;
      stdev(values: number[], sample?: boolean): number;
    };
  };
  export default jstat;
}
