function Outer {
    function Inner { 1 }
