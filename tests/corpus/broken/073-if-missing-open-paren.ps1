if $x { 1 }
