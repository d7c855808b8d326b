//! `Group-Object`: group input objects by property values.

use crate::util::items;
use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::convert::to_str;
use rosh_runtime::value::{Array, Hashtable, PsObject};
use rosh_runtime::{Eval, Runspace, Sink, Value};

/// `Group-Object [[-Property] <object[]>] [-NoElement] [-AsHashTable] [-CaseSensitive]`
pub struct GroupObject;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("Property")
        .at(0)
        .of("Object[]")
        .describe("The properties (or calculated properties) to group by."),
    ParamSpec::switch("NoElement")
        .describe("Leave the grouped objects out of the results; return the counts and names only."),
    ParamSpec::switch("AsHashTable")
        .describe("Return a hashtable from each value to its objects instead of group objects."),
    ParamSpec::switch("AsString")
        .describe("With -AsHashTable, make the keys strings. Accepted; rosh's keys are the values as their text."),
    ParamSpec::switch("CaseSensitive")
        .describe("Tell values apart by case."),
    ParamSpec::value("InputObject")
        .from_pipeline()
        .of("psobject")
        .describe("The objects to group. Usually piped in."),
];

struct Run {
    props: Vec<Value>,
    no_element: bool,
    as_hashtable: bool,
    cs: bool,
    groups: Vec<(String, Vec<Value>, Vec<Value>)>,
}

impl Command for GroupObject {
    fn name(&self) -> &'static str {
        "Group-Object"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        Ok(Box::new(Run {
            props: items(args.get("Property")),
            no_element: args.switch("NoElement"),
            as_hashtable: args.switch("AsHashTable"),
            cs: args.switch("CaseSensitive"),
            groups: vec![],
        }))
    }
    fn synopsis(&self) -> &'static str {
        "Groups objects that have the same values of properties."
    }
    fn description(&self) -> &'static str {
        "The Group-Object cmdlet sorts objects into groups by the values of their properties: each group has the value (Name), how many objects have it (Count) and the objects (Group), listed in the order the values first appear."
    }
    fn related(&self) -> &'static [&'static str] {
        &["Sort-Object", "Measure-Object", "Select-Object"]
    }
    fn examples(&self) -> &'static [Example] {
        &[
            Example {
                description: "Group equal objects.",
                code: "'a', 'b', 'a' | Group-Object",
                output: "\n\
                Count Name                      Group\n\
                ----- ----                      -----\n    2 a                         {a, a}\n    1 b                         {b}\n",
            },
            Example {
                description: "Group by a computed key.",
                code: "'apple', 'avocado', 'banana' | Group-Object -Property { $_[0] } | ForEach-Object { \"$($_.Name): $($_.Count)\" }",
                output: "a: 2\n\
                b: 1",
            },
            Example {
                description: "Get the groups as a hash table keyed by name.",
                code: "$groups = 'a', 'b', 'a' | Group-Object -AsHashTable\n\
                $groups['a'].Count",
                output: "2",
            },
        ]
    }
}

impl Processor for Run {
    fn process(
        &mut self,
        rs: &mut Runspace,
        input: Option<Value>,
        _out: &mut dyn Sink,
    ) -> Eval<()> {
        let Some(item) = input else { return Ok(()) };
        let keys: Vec<Value> = if self.props.is_empty() {
            vec![item.clone()]
        } else {
            let mut k = Vec::new();
            for p in &self.props {
                k.push(match p {
                    Value::ScriptBlock(sb) => rs.invoke_with_dollar_underscore(sb, item.clone())?,
                    other => rs.get_member(&item, &to_str(other)),
                });
            }
            k
        };
        let name = keys.iter().map(to_str).collect::<Vec<_>>().join(", ");
        let cs = self.cs;
        match self.groups.iter_mut().find(|(n, _, _)| {
            if cs {
                *n == name
            } else {
                n.to_lowercase() == name.to_lowercase()
            }
        }) {
            Some(g) => g.1.push(item),
            None => self.groups.push((name, vec![item], keys)),
        }
        Ok(())
    }

    fn end(&mut self, rs: &mut Runspace, out: &mut dyn Sink) -> Eval<()> {
        let groups = std::mem::take(&mut self.groups);
        if self.as_hashtable {
            let h = Hashtable::new(false);
            for (_, items, keys) in groups {
                let key = if keys.len() == 1 {
                    keys[0].clone()
                } else {
                    Value::Array(Array::new(keys))
                };
                let value = if items.len() == 1 {
                    items[0].clone()
                } else {
                    Value::Array(Array::new(items))
                };
                h.insert(key, value);
            }
            return out.emit(rs, Value::Hashtable(h));
        }
        for (name, items, keys) in groups {
            let g = PsObject::with_type_names(vec![
                "Microsoft.PowerShell.Commands.GroupInfo".into(),
                "System.Object".into(),
            ]);
            g.set("Count", Value::Int(items.len() as i32));
            g.set("Name", Value::from(name));
            if !self.no_element {
                g.set("Group", Value::Array(Array::new(items)));
            }
            g.set("Values", Value::Array(Array::new(keys)));
            out.emit(rs, Value::Object(g))?;
        }
        Ok(())
    }
}
