enum Color {
    Red
