$total +=
