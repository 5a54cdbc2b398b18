export const PASSWORD_MIN = 10
export const PASSWORD_MAX = 128

export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters.`
  if (password.length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters.`
  return null
}

export function emailProblem(email: string): string | null {
  const value = email.trim()
  if (!value) return 'Enter your email address.'
  if (!/^[^\s@]+@[^\s@]+$/.test(value)) return 'Enter a valid email address.'
  return null
}

/** Problems with a newly chosen password (under `field`) and its repetition (under "confirm"). */
export function newPasswordProblems(
  password: string,
  confirm: string,
  field = 'new_password',
): Record<string, string> {
  const problems: Record<string, string> = {}
  const issue = passwordProblem(password)
  if (issue) problems[field] = issue
  if (confirm !== password) problems.confirm = 'The two passwords do not match.'
  return problems
}
