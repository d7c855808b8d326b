function f {
    param([ValidateSet($choices)] $p)
}
