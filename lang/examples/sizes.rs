//! Print the sizes of the tree's and the lexer's main types (for performance work).
fn main() {
    use rosh_lang::ast::*;
    use std::mem::size_of;
    println!("Tok {}", size_of::<rosh_lang::token::Tok>());
    println!("Expr {}", size_of::<Expr>());
    println!("ExprKind {}", size_of::<ExprKind>());
    println!("Statement {}", size_of::<Statement>());
    println!("StatementKind {}", size_of::<StatementKind>());
    println!("PipelineChain {}", size_of::<PipelineChain>());
    println!("Pipeline {}", size_of::<Pipeline>());
    println!("Command {}", size_of::<Command>());
    println!("PipelineElement {}", size_of::<PipelineElement>());
    println!("TypeName {}", size_of::<TypeName>());
    println!("Item {}", size_of::<rosh_lang::parser::build::Item>());
    println!("Parameter {}", size_of::<Parameter>());
    println!("Attribute {}", size_of::<Attribute>());
    println!("ParamBlock {}", size_of::<ParamBlock>());
    println!("NamedBlock {}", size_of::<NamedBlock>());
    println!("CatchClause {}", size_of::<CatchClause>());
    println!("SwitchClause {}", size_of::<SwitchClause>());
    println!("Element {}", size_of::<rosh_lang::parser::build::Element>());
}
