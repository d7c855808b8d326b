function Get-Foo {
    param($a)
    $a
