// Usage of the `recursive` feature: included by tests/features.rs inside the generated module.

const REQUEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:feature:recursive">
  <SOAP-ENV:Body>
    <ns1:evaluate>
      <category>
        <name>Books</name>
        <parent><name>Media</name><parent><name>All</name></parent></parent>
        <children><name>Novels</name></children>
        <children><name>Poetry</name><children><name>Haiku</name></children></children>
      </category>
      <expr>
        <op symbol="+">
          <left><num>1</num></left>
          <right><neg><op symbol="*"><left><num>2</num></left><right><num>3</num></right></op></neg></right>
        </op>
      </expr>
    </ns1:evaluate>
  </SOAP-ENV:Body>
</SOAP-ENV:Envelope>"#;

fn category(name: &str, parent: Option<Category>, children: Vec<Category>) -> Category {
    Category {
        name: name.into(),
        parent: parent.map(Box::new),
        children,
    }
}

fn expr(choice: ExprChoice) -> Expr {
    Expr {
        num_or_neg_or_op: Box::new(choice),
    }
}

fn op(symbol: &str, left: Expr, right: Expr) -> Expr {
    expr(ExprChoice::Op(BinOp {
        symbol: symbol.into(),
        left: Box::new(left),
        right: Box::new(right),
    }))
}

/// What a user does with a recursive value: walk it.
fn eval(e: &Expr) -> i32 {
    match &*e.num_or_neg_or_op {
        ExprChoice::Num(n) => *n,
        ExprChoice::Neg(inner) => -eval(inner),
        ExprChoice::Op(b) if b.symbol == "+" => eval(&b.left) + eval(&b.right),
        ExprChoice::Op(b) => eval(&b.left) * eval(&b.right),
    }
}

#[test]
fn a_type_can_contain_itself() {
    let Request::Evaluate(m) = wire::round_trip_exact(&wire::compact(REQUEST));
    assert_eq!(
        m.category,
        category(
            "Books",
            Some(category(
                "Media",
                Some(category("All", None, vec![])),
                vec![]
            )),
            vec![
                category("Novels", None, vec![]),
                category("Poetry", None, vec![category("Haiku", None, vec![])]),
            ],
        )
    );
}

#[test]
fn types_can_contain_each_other() {
    let Request::Evaluate(m) = wire::round_trip_exact(&wire::compact(REQUEST));
    let num = |n| expr(ExprChoice::Num(n));
    assert_eq!(
        m.expr,
        op("+", num(1), expr(ExprChoice::Neg(op("*", num(2), num(3)))))
    );
    assert_eq!(eval(&m.expr), -5);
}

#[test]
fn deep_nesting_is_read_and_written() {
    // 100 nested negations: every level is a Box, nothing overflows.
    let depth = 100;
    let inner = format!(
        "{}<num>7</num>{}",
        "<neg>".repeat(depth),
        "</neg>".repeat(depth)
    );
    let envelope = format!(
        r#"<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:feature:recursive"><SOAP-ENV:Body><ns1:evaluate><category><name>x</name></category><expr>{inner}</expr></ns1:evaluate></SOAP-ENV:Body></SOAP-ENV:Envelope>"#
    );
    let Request::Evaluate(m) = wire::round_trip_exact(&envelope);
    assert_eq!(eval(&m.expr), 7);
}
