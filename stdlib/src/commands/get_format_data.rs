//! `Get-FormatData`: the formatting views rosh has, as PowerShell's
//! `ExtendedTypeDefinition` objects (implicit remoting and JEA clients ask for them).

use rosh_runtime::command::{BoundArgs, Command, Example, ParamSpec, Processor};
use rosh_runtime::value::{Array, PsObject};
use rosh_runtime::views::{Align, all_table_views};
use rosh_runtime::{Eval, Runspace, Sink, Value};

use crate::util::{strings, wildcard_match};

/// `Get-FormatData [[-TypeName] <string[]>] [-PowerShellVersion <version>]`
pub struct GetFormatData;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::value("TypeName")
        .at(0)
        .of("string[]")
        .wildcards()
        .describe("The type names whose views to get (wildcards allowed); all by default."),
    ParamSpec::value("PowerShellVersion")
        .of("version")
        .describe("Accepted: rosh's views are the same for every client version."),
];

struct Run {
    patterns: Vec<String>,
}

impl Command for GetFormatData {
    fn name(&self) -> &'static str {
        "Get-FormatData"
    }
    fn parameters(&self) -> &'static [ParamSpec] {
        PARAMS
    }
    fn start(&self, _rs: &mut Runspace, args: BoundArgs) -> Eval<Box<dyn Processor>> {
        let mut patterns = strings(&args, "TypeName");
        if patterns.is_empty() {
            patterns.push("*".into());
        }
        Ok(Box::new(Run { patterns }))
    }
    fn synopsis(&self) -> &'static str {
        "Gets the formatting data of the current session."
    }
    fn description(&self) -> &'static str {
        "The Get-FormatData cmdlet gets the views rosh formats objects with: for each type that has a table view, an ExtendedTypeDefinition whose FormatViewDefinition holds a TableControl with the column headers."
    }
    fn examples(&self) -> &'static [Example] {
        &[Example {
            description: "The columns of the process table.",
            code: "(Get-FormatData System.Diagnostics.Process).FormatViewDefinition[0].Control.Headers.Label -join ','",
            output: "NPM(K),PM(M),WS(M),CPU(s),Id,SI,ProcessName",
        }]
    }
}

impl Processor for Run {
    fn process(
        &mut self,
        rs: &mut Runspace,
        _input: Option<Value>,
        out: &mut dyn Sink,
    ) -> Eval<()> {
        for view in all_table_views() {
            if !self
                .patterns
                .iter()
                .any(|p| wildcard_match(p, view.type_name))
            {
                continue;
            }
            let headers: Vec<Value> = view
                .columns
                .iter()
                .map(|c| {
                    let h = PsObject::with_type_names(vec![
                        "System.Management.Automation.TableControlColumnHeader".into(),
                        "System.Object".into(),
                    ]);
                    h.set("Label", Value::str(c.label));
                    h.set(
                        "Alignment",
                        Value::str(match c.align {
                            Align::Left => "Left",
                            Align::Right => "Right",
                            Align::Center => "Center",
                        }),
                    );
                    h.set("Width", Value::Int(c.width as i32));
                    Value::Object(h)
                })
                .collect();
            let control = PsObject::with_type_names(vec![
                "System.Management.Automation.TableControl".into(),
                "System.Management.Automation.PSControl".into(),
                "System.Object".into(),
            ]);
            control.set("Headers", Value::Array(Array::new(headers)));
            let definition = PsObject::with_type_names(vec![
                "System.Management.Automation.FormatViewDefinition".into(),
                "System.Object".into(),
            ]);
            definition.set("Name", Value::str(view.type_name));
            definition.set("Control", Value::Object(control));
            let t = PsObject::with_type_names(vec![
                "System.Management.Automation.ExtendedTypeDefinition".into(),
                "System.Object".into(),
            ]);
            t.set("TypeName", Value::str(view.type_name));
            t.set(
                "TypeNames",
                Value::Array(Array::new(vec![Value::str(view.type_name)])),
            );
            t.set(
                "FormatViewDefinition",
                Value::Array(Array::new(vec![Value::Object(definition)])),
            );
            t.set_to_string(view.type_name.to_string());
            out.emit(rs, Value::Object(t))?;
        }
        Ok(())
    }
}
