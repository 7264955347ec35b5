// tests of Session come later
