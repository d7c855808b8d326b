function foo {
    param($a
}
