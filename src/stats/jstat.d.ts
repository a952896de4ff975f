// The part of jstat (no bundled types) that roundtable stats uses.
declare module 'jstat' {
  const jstat: {
    jStat: {
      normal: { inv(p: number, mean: number, sd: number): number };
      studentt: { inv(p: number, dof: number): number };
    };
  };
  export default jstat;
}
