/** Checks the passphrase form before it goes to the backend; `null` when it may be sent. */
export function passphraseProblem(mode: "create" | "unlock", passphrase: string, confirmation: string): string | null {
  if (passphrase === "") return "Enter your passphrase.";
  if (mode === "create" && passphrase !== confirmation) return "The two passphrases are not the same.";
  return null;
}
