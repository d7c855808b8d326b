param([Parameter(Mandatory=)] $p)
