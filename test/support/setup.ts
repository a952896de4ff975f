// Runs before every test file. No test may reach a real key.
for (const name of Object.keys(process.env)) {
  if (/_API_KEY$|_BASE_URL$/.test(name)) delete process.env[name];
}
process.env.CI = 'true';
export {};
